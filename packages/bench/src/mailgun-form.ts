import { encodeMultipart, mailgunFields, type RenderedEmail } from '@fluentmeet/email-worker';
import { buildEnvelope, type EmailEnvelope } from '@fluentmeet/email-contracts';

type MultipartBody = ReturnType<typeof encodeMultipart>;

export const BENCH_DOMAIN = 'bench.fluentmeet.test';
export const BENCH_FROM = 'FluentMeet <no-reply@bench.fluentmeet.test>';

/**
 * The exact request body our Mailgun client sends for one message (the worker's own
 * field list and encoder), for the naive baseline and for replaying with autocannon.
 */
export function mailgunBody(
  envelope: EmailEnvelope,
  rendered: RenderedEmail,
  from: string,
): MultipartBody {
  return encodeMultipart(
    mailgunFields(
      { ...rendered, to: envelope.to, tag: envelope.template, envelopeId: envelope.id },
      from,
    ),
  );
}

export function basicAuth(apiKey: string): string {
  return `Basic ${Buffer.from(`api:${apiKey}`).toString('base64')}`;
}

/** A password-reset email like the API sends, to the `index`-th bench recipient. */
export function benchEnvelope(index: number, runId: string): EmailEnvelope {
  return buildEnvelope({
    to: `bench-${runId}-${index}@${BENCH_DOMAIN}`,
    template: 'password_reset',
    data: {
      reset_link: `https://app.fluentmeet.test/reset-password?token=${runId}${index.toString(36).padStart(8, '0')}bench`,
      expires_in_minutes: 60,
      full_name: 'Bench User',
    },
  });
}
