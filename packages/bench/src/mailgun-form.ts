import { FormData, Response } from 'undici';
import { buildEnvelope, type EmailEnvelope } from '@fluentmeet/email-contracts';
import type { RenderedEmail } from './renderer.js';

export const BENCH_DOMAIN = 'bench.fluentmeet.test';
export const BENCH_FROM = 'FluentMeet <no-reply@bench.fluentmeet.test>';

/** The form fields our Mailgun client sends for one message (same names, same order). */
export function mailgunForm(
  envelope: EmailEnvelope,
  rendered: RenderedEmail,
  from: string,
): FormData {
  const form = new FormData();
  form.append('from', from);
  form.append('to', envelope.to);
  form.append('subject', rendered.subject);
  form.append('text', rendered.text);
  form.append('html', rendered.html);
  form.append('o:tag', envelope.template);
  form.append('v:envelope_id', envelope.id);
  form.append('h:X-FluentMeet-Envelope-Id', envelope.id);
  return form;
}

/** The multipart body bytes and content type of a form, for replaying it with autocannon. */
export async function serializeForm(
  form: FormData,
): Promise<{ body: Buffer; contentType: string }> {
  const response = new Response(form);
  const body = Buffer.from(await response.arrayBuffer());
  return { body, contentType: response.headers.get('content-type') ?? '' };
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
