import { Type, type Static } from '@sinclair/typebox';
import { checkMailgunConfig, MAILGUN_US_BASE_URL, type MailgunConfig } from './config.js';

/** The worker's `MAILGUN_*` settings. */
export const MailgunEnv = Type.Object({
  MAILGUN_API_KEY: Type.String({ minLength: 1 }),
  MAILGUN_DOMAIN: Type.String({ minLength: 1 }),
  MAILGUN_FROM_ADDRESS: Type.String({ minLength: 3, default: 'no-reply@fluentmeet.com' }),
  MAILGUN_BASE_URL: Type.String({ minLength: 1, default: MAILGUN_US_BASE_URL }),
});
export type MailgunEnv = Static<typeof MailgunEnv>;

/** The client configuration for these settings, with one pooled connection per send in flight. */
export function mailgunConfig(env: MailgunEnv, connections?: number): MailgunConfig {
  return {
    apiKey: env.MAILGUN_API_KEY,
    domain: env.MAILGUN_DOMAIN,
    baseUrl: env.MAILGUN_BASE_URL,
    from: env.MAILGUN_FROM_ADDRESS,
    ...(connections === undefined ? {} : { connections }),
  };
}

/** The client's own checks (a base URL ending in /v3, a domain with a path, ...). */
export function mailgunEnvProblems(env: MailgunEnv): string[] {
  const present = Object.keys(MailgunEnv.properties).every(
    (name) => typeof env[name as keyof MailgunEnv] === 'string',
  );
  // A missing or empty variable is already named by the schema.
  return present ? checkMailgunConfig(mailgunConfig(env)) : [];
}
