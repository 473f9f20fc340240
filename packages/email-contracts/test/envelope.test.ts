import { describe, expect, it } from 'vitest';
import {
  EmailContractError,
  HEADERS,
  TEMPLATE_NAMES,
  assertEmailEnvelope,
  buildEnvelope,
  envelopeIssues,
  parseEnvelope,
  toRecord,
  type EmailRequest,
} from '../src/index.js';

const verification: EmailRequest = {
  to: 'Ada.Lovelace@Example.com',
  template: 'verification',
  data: {
    verification_link: 'https://app.fluentmeet.com/verify-email?token=abc',
    full_name: 'Ada',
  },
};

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof EmailContractError ? error.code : 'not-a-contract-error';
  }
  return undefined;
}

describe('buildEnvelope', () => {
  it('fills id (UUIDv7), version and createdAt', () => {
    const now = new Date('2026-11-28T10:00:00.000Z');
    const envelope = buildEnvelope(verification, now);
    expect(envelope.id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(envelope.version).toBe(1);
    expect(envelope.createdAt).toBe('2026-11-28T10:00:00.000Z');
    expect(buildEnvelope(verification).id).not.toBe(envelope.id);
  });

  it('accepts notAfter as a Date and writes it as ISO time', () => {
    const envelope = buildEnvelope({
      to: 'a@example.com',
      template: 'password_reset',
      data: { reset_link: 'http://localhost:3000/reset-password?token=x', expires_in_minutes: 60 },
      notAfter: new Date('2026-11-28T11:00:00Z'),
    });
    expect(envelope.notAfter).toBe('2026-11-28T11:00:00.000Z');
  });

  it('lists every problem at once and builds nothing', () => {
    let error: unknown;
    try {
      buildEnvelope({
        to: 'a@example.com, b@example.com',
        subject: 'Hi\r\nBcc: victim@example.com',
        template: 'password_reset',
        data: { reset_link: 'javascript:alert(1)' } as never,
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(EmailContractError);
    const contractError = error as EmailContractError;
    expect(contractError.code).toBe('ENVELOPE_INVALID');
    const paths = contractError.details.map((issue) => issue.path);
    expect(paths).toEqual(
      expect.arrayContaining(['/to', '/subject', '/data/reset_link', '/data/expires_in_minutes']),
    );
    expect(contractError.message).toContain('/data/reset_link');
  });

  it.each([
    ['an address over 254 characters', { to: `${'a'.repeat(250)}@example.com` }],
    ['a subject over 255 characters', { subject: 'x'.repeat(256) }],
    ['an unknown data key', { data: { verification_link: 'https://x.io', extra: 1 } }],
    ['a relative link', { data: { verification_link: '/verify-email?token=x' } }],
    [
      'a full_name with a line break',
      { data: { verification_link: 'https://x.io', full_name: 'a\nb' } },
    ],
  ])('rejects %s', (_label, patch) => {
    expect(codeOf(() => buildEnvelope({ ...verification, ...patch }))).toBe('ENVELOPE_INVALID');
  });

  const nameWith = (char: string) => ({
    ...verification,
    data: { verification_link: 'https://x.io', full_name: `Ada${char}Lovelace` },
  });

  it.each([
    ['a tab', '\t'],
    ['NUL', '\u0000'],
    ['DEL', '\u007f'],
    ['a C1 control', '\u009b'],
    ...[
      '\u202a',
      '\u202b',
      '\u202c',
      '\u202d',
      '\u202e',
      '\u2066',
      '\u2067',
      '\u2068',
      '\u2069',
    ].map((char) => [`bidi control U+${char.codePointAt(0)!.toString(16).toUpperCase()}`, char]),
  ])('rejects a full_name with %s (it is printed into emails)', (_label, char) => {
    expect(codeOf(() => buildEnvelope(nameWith(char)))).toBe('ENVELOPE_INVALID');
  });

  it.each(['Zoë O’Brien', 'أحمد', '山田 太郎', '👩‍💻 Ada'])('accepts the full_name %s', (name) => {
    expect(
      buildEnvelope({ ...verification, data: { ...verification.data, full_name: name } }),
    ).toMatchObject({ data: { full_name: name } });
  });
});

describe('parseEnvelope', () => {
  const valid = buildEnvelope(verification);

  it('round-trips a record value', () => {
    expect(parseEnvelope(Buffer.from(JSON.stringify(valid)))).toEqual(valid);
  });

  it('names invalid JSON, unknown templates and schema problems with distinct codes', () => {
    expect(codeOf(() => parseEnvelope(Buffer.from('{not json')))).toBe('ENVELOPE_NOT_JSON');
    expect(codeOf(() => parseEnvelope(null))).toBe('ENVELOPE_NOT_JSON');
    expect(codeOf(() => parseEnvelope(JSON.stringify({ ...valid, template: 'welcome' })))).toBe(
      'UNKNOWN_TEMPLATE',
    );
    expect(codeOf(() => parseEnvelope(JSON.stringify({ ...valid, version: 2 })))).toBe(
      'ENVELOPE_INVALID',
    );
    expect(codeOf(() => assertEmailEnvelope([]))).toBe('ENVELOPE_INVALID');
  });

  it('accepts the specification sample (no metadata beyond the v1 fields)', () => {
    expect(
      envelopeIssues({
        id: '0193b3c4-1a2b-7c3d-8e4f-123456789abc',
        version: 1,
        createdAt: '2026-11-28T10:00:00Z',
        to: 'user@example.com',
        subject: 'Verify your FluentMeet account',
        template: 'verification',
        data: { verification_link: 'https://app.fluentmeet.com/verify-email?token=...' },
      }),
    ).toEqual([]);
  });

  it('knows every template', () => {
    expect(TEMPLATE_NAMES).toEqual([
      'verification',
      'password_reset',
      'password_changed',
      'account_exists',
    ]);
  });

  it('builds an account_exists envelope: a reset link, its lifetime, the name if known', () => {
    const envelope = buildEnvelope({
      to: 'ada@example.com',
      template: 'account_exists',
      data: {
        reset_link: 'https://app.fluentmeet.com/reset-password?token=abc',
        expires_in_minutes: 60,
        full_name: 'Ada',
      },
    });
    expect(envelope.template).toBe('account_exists');
    for (const data of [
      { expires_in_minutes: 60 },
      { reset_link: 'javascript:alert(1)', expires_in_minutes: 60 },
      { reset_link: 'https://x.io', expires_in_minutes: 0 },
      { reset_link: 'https://x.io', expires_in_minutes: 60, password: 'x' },
    ]) {
      expect(
        codeOf(() =>
          buildEnvelope({
            to: 'ada@example.com',
            template: 'account_exists',
            data,
          } as EmailRequest),
        ),
      ).toBe('ENVELOPE_INVALID');
    }
  });
});

describe('toRecord', () => {
  it('keys by the lower-cased recipient and sets the standard headers', () => {
    const envelope = buildEnvelope({ ...verification, correlationId: 'req-1' });
    const record = toRecord(envelope);
    expect(record.key).toBe('ada.lovelace@example.com');
    expect(JSON.parse(record.value)).toEqual(envelope);
    expect(record.headers).toEqual({
      [HEADERS.contentType]: 'application/json',
      [HEADERS.schemaVersion]: '1',
      [HEADERS.envelopeId]: envelope.id,
      [HEADERS.correlationId]: 'req-1',
    });
  });
});
