import { Type, type Static } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { CONTENT_TYPE_JSON, HEADERS, SUPPRESSION_VERSION } from './constants.js';
import type { EnvelopeRecord } from './envelope.js';
import { EmailContractError, type ValidationIssue } from './errors.js';
import { emailKey, registerFormats } from './formats.js';
import { EmailAddress, IsoDateTime } from './schemas.js';

registerFormats();

const Note = Type.String({ minLength: 1, maxLength: 500, pattern: '^[^\\r\\n]*$' });

/** Why an address gets no more email. */
export const SuppressionReason = Type.Union(
  [
    Type.Literal('bounced', { description: 'Mailgun reported a permanent failure' }),
    Type.Literal('complained', { description: 'the recipient marked an email as spam' }),
    Type.Literal('unsubscribed', { description: 'the recipient unsubscribed' }),
    Type.Literal('manual', { description: 'an operator suppressed it' }),
  ],
  { description: 'Why the address is suppressed' },
);
export type SuppressionReason = Static<typeof SuppressionReason>;

const common = {
  version: Type.Literal(SUPPRESSION_VERSION),
  address: EmailAddress,
  /** When the address was suppressed or lifted. */
  at: IsoDateTime,
  note: Type.Optional(Note),
};

/**
 * A record of `notifications.email.suppressions` (compacted, key = lower-cased address):
 * the latest one per address says whether it may receive email. Readers ignore
 * properties they do not know; a tombstone (no value) lifts like a `lifted` record.
 */
export const SuppressionRecord = Type.Union(
  [
    Type.Object(
      { ...common, state: Type.Literal('suppressed'), reason: SuppressionReason },
      { title: 'Suppressed' },
    ),
    Type.Object({ ...common, state: Type.Literal('lifted') }, { title: 'Lifted' }),
  ],
  {
    $id: 'https://schemas.fluentmeet.com/suppression-record/v1.json',
    title: 'SuppressionRecord',
    description:
      'Whether an address may receive email, as published on notifications.email.suppressions (version 1).',
  },
);
export type SuppressionRecord = Static<typeof SuppressionRecord>;

const checker = TypeCompiler.Compile(SuppressionRecord);

/** Kafka key of a suppression record: the address's `emailKey`, as the work queue's key. */
export function suppressionKey(address: string): string {
  return emailKey(address);
}

function issuesOf(value: unknown): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const error of checker.Errors(value)) {
    if (issues.some((issue) => issue.path === error.path)) continue;
    issues.push({ path: error.path, message: error.message });
  }
  return issues;
}

/**
 * Checks a candidate suppression record and returns it typed, or throws
 * `SUPPRESSION_INVALID` listing what is wrong.
 *
 * @example
 * const record = assertSuppression(JSON.parse(text));
 */
export function assertSuppression(value: unknown): SuppressionRecord {
  if (checker.Check(value)) return value;
  const issues = issuesOf(value);
  const summary = issues.map((issue) => `${issue.path || '/'}: ${issue.message}`).join('; ');
  throw new EmailContractError('SUPPRESSION_INVALID', `Invalid suppression record: ${summary}`, {
    details: issues,
  });
}

/**
 * A suppression record with `version` and `at` filled in and the address lower-cased.
 *
 * @example
 * const record = buildSuppression({ address: 'Ada@Example.com', state: 'suppressed', reason: 'bounced' });
 */
export function buildSuppression(
  input:
    | { address: string; state: 'suppressed'; reason: SuppressionReason; note?: string }
    | { address: string; state: 'lifted'; note?: string },
  now: Date = new Date(),
): SuppressionRecord {
  return assertSuppression({
    version: SUPPRESSION_VERSION,
    ...input,
    address: suppressionKey(input.address),
    at: now.toISOString(),
  });
}

/**
 * Parses a record value of the suppressions topic: the record, or `null` for a
 * tombstone. Throws `SUPPRESSION_INVALID` for anything else.
 */
export function parseSuppression(
  value: Buffer | string | null | undefined,
): SuppressionRecord | null {
  if (value === null || value === undefined) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(typeof value === 'string' ? value : value.toString('utf8'));
  } catch (cause) {
    throw new EmailContractError('SUPPRESSION_INVALID', 'Suppression record is not JSON', {
      cause,
    });
  }
  return assertSuppression(parsed);
}

/** The Kafka record for a suppression: key = lower-cased address, JSON value, standard headers. */
export function suppressionToRecord(record: SuppressionRecord): EnvelopeRecord {
  return {
    key: suppressionKey(record.address),
    value: JSON.stringify(record),
    headers: {
      [HEADERS.contentType]: CONTENT_TYPE_JSON,
      [HEADERS.schemaVersion]: String(record.version),
    },
  };
}
