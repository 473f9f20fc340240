import { domainToASCII } from 'node:url';
import { FormatRegistry } from '@sinclair/typebox';
import { isLocale } from './locale.js';

// One mailbox, no display name, no spaces, commas or line breaks, so it can never
// smuggle a second recipient: an ASCII dot-atom local part (RFC 5321 has no quoted
// strings here, and SMTPUTF8 local parts are not supported), `@`, a domain of LDH
// labels. An internationalised domain may be written in Unicode; its limits are
// those of its ASCII (IDNA) form, which is what SMTP carries.
const LOCAL_PART = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/i;
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const ASCII = /^[\x21-\x7e]*$/;
const UNICODE_DOMAIN = /^[\p{L}\p{M}\p{N}.-]+$/u;
const MAX_ADDRESS = 254;
const MAX_LOCAL_PART = 64;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The domain lower-cased, in ASCII (IDNA, UTS #46) form; undefined when it is no host name. */
function asciiDomain(domain: string): string | undefined {
  let ascii: string;
  if (ASCII.test(domain)) ascii = domain.toLowerCase();
  else if (UNICODE_DOMAIN.test(domain)) ascii = domainToASCII(domain);
  else return undefined;
  const labels = ascii.split('.');
  return labels.length >= 2 && labels.every((label) => LABEL.test(label)) ? ascii : undefined;
}

/** The address with its domain in lower-case ASCII form, or undefined when it is not one. */
function normalized(value: string): string | undefined {
  if (value.length > MAX_ADDRESS) return undefined;
  const at = value.lastIndexOf('@');
  const local = value.slice(0, at);
  if (at < 1 || local.length > MAX_LOCAL_PART || !LOCAL_PART.test(local)) return undefined;
  const domain = asciiDomain(value.slice(at + 1));
  if (domain === undefined) return undefined;
  const address = `${local}@${domain}`;
  return address.length <= MAX_ADDRESS ? address : undefined;
}

/**
 * Whether `value` is one deliverable address by the pipeline's rule (the route schemas'
 * and the envelope's `email` format): local part ≤ 64 ASCII characters, labels ≤ 63,
 * ≤ 254 characters in total, an IDN domain measured in its ASCII form.
 *
 * @example
 * isEmail('ada@bücher.de'); // true
 * isEmail(`ada@${'a'.repeat(64)}.com`); // false: a label has at most 63 characters
 */
export function isEmail(value: string): boolean {
  return normalized(value) !== undefined;
}

/**
 * The address to deliver to: the local part as written (it may be case-sensitive), the
 * domain lower-cased in its ASCII (IDNA) form. Anything that is not an address comes back
 * unchanged.
 *
 * @example
 * normalizeEmail('Ada@Bücher.DE'); // 'Ada@xn--bcher-kva.de'
 */
export function normalizeEmail(value: string): string {
  return normalized(value) ?? value;
}

/**
 * Who an address belongs to: the normalised address, lower-cased, so that case, Unicode
 * form (NFC/NFD, full-width letters) and IDN spelling name one mailbox once. Unique keys,
 * per-address limits and the Kafka key use it.
 *
 * @example
 * emailKey('ADA@Bücher.de') === emailKey('ada@xn--bcher-kva.de'); // true
 */
export function emailKey(value: string): string {
  return normalizeEmail(value).toLowerCase();
}

export function isHttpUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const { protocol, hostname } = new URL(value);
  return (protocol === 'http:' || protocol === 'https:') && hostname.length > 0;
}

function isDateTime(value: string): boolean {
  return DATE_TIME.test(value) && !Number.isNaN(Date.parse(value));
}

/** Registers the string formats the envelope schema uses with TypeBox (idempotent). */
export function registerFormats(): void {
  const formats: Record<string, (value: string) => boolean> = {
    email: isEmail,
    uri: isHttpUrl,
    'date-time': isDateTime,
    uuid: (value) => UUID.test(value),
    bcp47: isLocale,
  };
  for (const [name, check] of Object.entries(formats)) {
    if (!FormatRegistry.Has(name)) FormatRegistry.Set(name, check);
  }
}
