import { randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { MISSING } from './mailgun-responses.js';
import type { CapturedMessage } from './schemas.js';

/** Every form field as the list of values it was sent with (repeated fields keep all). */
export type FormFields = Record<string, string[]>;

export interface SentForm {
  fields: FormFields;
  attachmentCount: number;
}

/** Reads a multipart or url-encoded body; file parts are drained and only counted. */
export async function readForm(request: FastifyRequest): Promise<SentForm> {
  const fields: FormFields = Object.create(null) as FormFields;
  let attachmentCount = 0;
  if (request.isMultipart()) {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        attachmentCount += 1;
        for await (const _chunk of part.file) {
          // discarded: attachments are not kept
        }
      } else {
        const value = typeof part.value === 'string' ? part.value : JSON.stringify(part.value);
        (fields[part.fieldname] ??= []).push(value);
      }
    }
    return { fields, attachmentCount };
  }
  // Like Mailgun, a JSON body carries no form fields (and so fails validation).
  const urlEncoded = request.headers['content-type']?.startsWith(
    'application/x-www-form-urlencoded',
  );
  const body = request.body;
  if (urlEncoded === true && body !== null && typeof body === 'object') {
    for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
      fields[name] = (Array.isArray(value) ? value : [value]).map(String);
    }
  }
  return { fields, attachmentCount };
}

/** Recipients of `to`, `cc` or `bcc`; a field may hold a comma-separated list. */
export function recipientsOf(fields: FormFields, name: 'to' | 'cc' | 'bcc'): string[] {
  return (fields[name] ?? []).flatMap(splitAddressList);
}

/** Splits `a@x.com, "Doe, Ann" <ann@y.com>` on the commas outside quotes and angle brackets. */
export function splitAddressList(list: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  let angle = false;
  for (const char of list) {
    if (char === '"') quoted = !quoted;
    else if (char === '<' && !quoted) angle = true;
    else if (char === '>' && !quoted) angle = false;
    if (char === ',' && !quoted && !angle) {
      out.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  out.push(current);
  return out.map((address) => address.trim()).filter((address) => address !== '');
}

/** `<20261128001500.4f0c9a7be2d13c55@example.com>`, the shape of Mailgun's message ids. */
export function messageId(domain: string, now: number): string {
  const stamp = new Date(now).toISOString().replace(/\D/g, '').slice(0, 14);
  return `<${stamp}.${randomBytes(8).toString('hex')}@${domain}>`;
}

const first = (fields: FormFields, name: string): string | undefined => {
  const value = fields[name]?.[0];
  return value === undefined || value.trim() === '' ? undefined : value;
};
const last = (values: string[]): string => values[values.length - 1] ?? '';

/** Mailgun's 400 message for the first missing required parameter, if one is. */
export function missingParameter(fields: FormFields): string | undefined {
  if (first(fields, 'from') === undefined) return MISSING.from;
  if (recipientsOf(fields, 'to').length === 0) return MISSING.to;
  if (first(fields, 'subject') === undefined) return MISSING.subject;
  const hasContent = ['text', 'html', 'amp-html', 'template'].some(
    (name) => first(fields, name) !== undefined,
  );
  return hasContent ? undefined : MISSING.content;
}

/** The captured form of an accepted message; `missingParameter` must have passed. */
export function toCapturedMessage(
  domain: string,
  form: SentForm,
  id: string,
  now: number,
): CapturedMessage {
  const { fields } = form;
  const variables: Record<string, string> = {};
  const headers: Record<string, string> = {};
  const options: Record<string, string> = {};
  for (const [name, values] of Object.entries(fields)) {
    if (name.startsWith('v:')) variables[name.slice(2)] = last(values);
    else if (name.startsWith('h:')) headers[name.slice(2)] = last(values);
    else if (name.startsWith('o:') && name !== 'o:tag') options[name.slice(2)] = last(values);
  }
  const optional = (name: string): string | undefined => fields[name]?.[0];
  const message: CapturedMessage = {
    id,
    receivedAt: new Date(now).toISOString(),
    domain,
    from: optional('from') ?? '',
    to: recipientsOf(fields, 'to'),
    cc: recipientsOf(fields, 'cc'),
    bcc: recipientsOf(fields, 'bcc'),
    subject: optional('subject') ?? '',
    tags: fields['o:tag'] ?? [],
    variables,
    headers,
    options,
    attachmentCount: form.attachmentCount,
  };
  const text = optional('text');
  const html = optional('html');
  const ampHtml = optional('amp-html');
  const template = optional('template');
  if (text !== undefined) message.text = text;
  if (html !== undefined) message.html = html;
  if (ampHtml !== undefined) message.ampHtml = ampHtml;
  if (template !== undefined) message.template = template;
  if (variables.envelope_id !== undefined) message.envelopeId = variables.envelope_id;
  return message;
}
