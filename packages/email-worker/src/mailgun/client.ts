import { Pool } from 'undici';
import type { Logger } from 'pino';
import { redactText } from '@fluentmeet/email-contracts';
import { classifyError, classifyResponse } from './classify.js';
import { checkMailgunConfig, MAILGUN_DEFAULTS, type MailgunConfig } from './config.js';
import { MailgunConfigError } from './errors.js';
import { encodeMultipart } from './multipart.js';
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
  /** `false` turns Mailgun's open and click tracking off for this message; unset keeps the domain's. */
  tracking?: boolean;
  /** The language the message is written in, sent as `h:Content-Language` (RFC 3282). */
  language?: string;
}

export interface MailgunClientOptions {
  logger?: Logger;
}

export interface SendOptions {
  /** Aborting ends the request at once with a `transient` outcome (MAILGUN_ABORTED). */
  signal?: AbortSignal;
}

/** The form fields of one send, in the order Mailgun receives them. */
export function mailgunFields(message: MailgunMessage, defaultFrom: string): [string, string][] {
  const untracked: [string, string][] =
    message.tracking === false
      ? [
          ['o:tracking', 'no'],
          ['o:tracking-clicks', 'no'],
          ['o:tracking-opens', 'no'],
        ]
      : [];
  return [
    ['from', message.from ?? defaultFrom],
    ['to', message.to],
    ['subject', message.subject],
    ['text', message.text],
    ['html', message.html],
    ['o:tag', message.tag],
    ['v:envelope_id', message.envelopeId],
    ['h:X-FluentMeet-Envelope-Id', message.envelopeId],
    ...(message.language === undefined
      ? []
      : [['h:Content-Language', message.language] as [string, string]]),
    ...untracked,
  ];
}

/**
 * Sends messages through Mailgun's `POST /v3/{domain}/messages` over a bounded
 * keep-alive pool. `send` never throws for HTTP or network failures: it returns
 * a {@link SendOutcome}.
 *
 * @example
 * const client = new MailgunClient({ apiKey, domain, baseUrl, from });
 * const outcome = await client.send({ to, subject, text, html, tag: 'verification', envelopeId });
 * await client.close();
 */
export class MailgunClient {
  readonly domain: string;
  readonly baseUrl: string;
  readonly #pool: Pool;
  readonly #path: string;
  readonly #headers: Record<string, string>;
  readonly #from: string;
  readonly #secrets: string[];
  readonly #logger: Logger | undefined;

  constructor(config: MailgunConfig, options: MailgunClientOptions = {}) {
    const problems = checkMailgunConfig(config);
    if (problems.length > 0) throw new MailgunConfigError(problems);
    const url = new URL(config.baseUrl);
    const credentials = Buffer.from(`api:${config.apiKey}`).toString('base64');
    this.domain = config.domain;
    this.baseUrl = url.origin + url.pathname.replace(/\/+$/, '');
    this.#path = `${url.pathname.replace(/\/+$/, '')}/v3/${encodeURIComponent(config.domain)}/messages`;
    this.#headers = { authorization: `Basic ${credentials}`, accept: 'application/json' };
    this.#secrets = [config.apiKey, credentials];
    this.#from = config.from;
    this.#logger = options.logger?.child({ component: 'mailgun' });
    this.#pool = new Pool(url.origin, {
      connections: config.connections ?? MAILGUN_DEFAULTS.connections,
      connect: { timeout: config.connectTimeoutMs ?? MAILGUN_DEFAULTS.connectTimeoutMs },
      headersTimeout: config.headersTimeoutMs ?? MAILGUN_DEFAULTS.headersTimeoutMs,
      bodyTimeout: config.bodyTimeoutMs ?? MAILGUN_DEFAULTS.bodyTimeoutMs,
    });
  }

  /** Sends one message; resolves with its outcome, never rejects for HTTP/network problems. */
  async send(message: MailgunMessage, options: SendOptions = {}): Promise<SendOutcome> {
    const started = performance.now();
    const { body: form, contentType } = encodeMultipart(mailgunFields(message, this.#from));
    let status: number;
    let body = '';
    let retryAfter: string | string[] | undefined;
    try {
      const response = await this.#pool.request({
        path: this.#path,
        method: 'POST',
        headers: { ...this.#headers, 'content-type': contentType },
        body: form,
        signal: options.signal,
      });
      status = response.statusCode;
      retryAfter = response.headers['retry-after'];
      try {
        body = await response.body.text();
      } catch (error) {
        // The status is known; a body that fails half-way does not change it.
        this.#logger?.warn(
          { status, err: this.#redact(String(error)) },
          'mailgun body read failed',
        );
      }
    } catch (error) {
      const latencyMs = elapsed(started);
      const outcome = classifyError(error, Date.now(), latencyMs, options.signal?.aborted === true);
      return { ...outcome, reason: this.#redact(outcome.reason) };
    }
    const latencyMs = elapsed(started);
    if (status >= 200 && status < 300) {
      return { kind: 'sent', messageId: messageIdOf(body), status, latencyMs };
    }
    const outcome = classifyResponse(status, body, retryAfter, Date.now(), latencyMs);
    return { ...outcome, reason: this.#redact(outcome.reason) };
  }

  /** Waits for requests in flight, then closes every connection. */
  async close(): Promise<void> {
    await this.#pool.close();
  }

  #redact(text: string): string {
    return redactText(text, this.#secrets);
  }
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}

/** Mailgun answers `{"id":"<...>","message":"Queued. Thank you."}`; an accepted send without one still counts. */
function messageIdOf(body: string): string {
  try {
    const parsed = JSON.parse(body) as { id?: unknown };
    return typeof parsed.id === 'string' ? parsed.id : '';
  } catch {
    return '';
  }
}
