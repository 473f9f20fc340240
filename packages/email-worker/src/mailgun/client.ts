import type { Logger } from 'pino';
import type { MailgunConfig } from './config.js';
import type { SendOutcome } from './outcome.js';

/** One message to send; `from` defaults to the configured sender. */
export interface MailgunMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Template name, sent as `o:tag`. */
  tag: string;
  /** Sent as `v:envelope_id` and `h:X-FluentMeet-Envelope-Id`. */
  envelopeId: string;
  from?: string;
}

export interface MailgunClientOptions {
  logger?: Logger;
}

export class MailgunClient {
  constructor(config: MailgunConfig, options: MailgunClientOptions = {}) {
    void config;
    void options;
  }

  send(message: MailgunMessage, options: { signal?: AbortSignal } = {}): Promise<SendOutcome> {
    void message;
    void options;
    return Promise.reject(new Error('not implemented'));
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
