import { describe, expect, it } from 'vitest';
import {
  CUSTOM_LIMITS,
  EmailContractError,
  ENVELOPE_TEMPLATES,
  buildEnvelope,
  parseEnvelope,
  toRecord,
  type CustomEmailRequest,
  type EmailRequest,
} from '../src/index.js';
import { PUBLISH_REQUEST_MAX_BYTES, requestsOf } from '../src/producer/index.js';

const HTML =
  '<!DOCTYPE html><html><body><p>Hi &amp; welcome, <b>Ada</b> — “quoted” &lt;tag&gt; 👩‍💻</p></body></html>';

const custom: CustomEmailRequest = {
  to: 'ada@example.com',
  subject: 'Your recording is ready',
  html: HTML,
};

function errorOf(fn: () => unknown): EmailContractError {
  try {
    fn();
  } catch (error) {
    if (error instanceof EmailContractError) return error;
    throw error;
  }
  throw new Error('expected an EmailContractError');
}

/** Kafka's default `message.max.bytes` (the broker's record batch limit). */
const KAFKA_DEFAULT_MAX_MESSAGE_BYTES = 1_048_588;

describe('custom emails (a body the producer rendered)', () => {
  it('builds a custom envelope from subject and html, the HTML unchanged', () => {
    const envelope = buildEnvelope(custom);
    expect(envelope).toMatchObject({ template: 'custom', subject: custom.subject, html: HTML });
    expect(envelope).not.toHaveProperty('text');
    expect(parseEnvelope(toRecord(envelope).value)).toEqual(envelope);
  });

  it('keeps text and tracking when given, and accepts template: custom spelled out', () => {
    const envelope = buildEnvelope({
      ...custom,
      template: 'custom',
      text: 'Hi & welcome, Ada',
      tracking: true,
    });
    expect(envelope).toMatchObject({
      template: 'custom',
      text: 'Hi & welcome, Ada',
      tracking: true,
    });
  });

  it('is one of the templates an envelope may name', () => {
    expect(ENVELOPE_TEMPLATES).toContain('custom');
  });

  it('accepts an html and a text exactly at their caps', () => {
    const envelope = buildEnvelope({
      ...custom,
      html: 'h'.repeat(CUSTOM_LIMITS.htmlMaxLength),
      text: 't'.repeat(CUSTOM_LIMITS.textMaxLength),
    });
    expect(envelope.template).toBe('custom');
  });

  it.each([
    ['html', { html: 'h'.repeat(CUSTOM_LIMITS.htmlMaxLength + 1) }, '/html'],
    ['text', { text: 't'.repeat(CUSTOM_LIMITS.textMaxLength + 1) }, '/text'],
  ])('refuses a %s over its cap with ENVELOPE_INVALID naming the field', (_name, body, path) => {
    const error = errorOf(() => buildEnvelope({ ...custom, ...body }));
    expect(error.code).toBe('ENVELOPE_INVALID');
    expect(error.details).toEqual([
      { path, message: expect.stringContaining('less or equal to') as unknown },
    ]);
  });

  it('refuses a custom email without a subject, an empty html, or a subject with a line break', () => {
    const { subject: _subject, ...withoutSubject } = custom;
    expect(
      errorOf(() => buildEnvelope(withoutSubject as unknown as EmailRequest)).details[0]?.path,
    ).toBe('/subject');
    expect(errorOf(() => buildEnvelope({ ...custom, html: '' })).details[0]?.path).toBe('/html');
    expect(
      errorOf(() => buildEnvelope({ ...custom, subject: 'Hi\r\nBcc: x@example.com' })).code,
    ).toBe('ENVELOPE_INVALID');
  });

  it('refuses a template name together with html, and a custom email with data', () => {
    const mixed = {
      to: 'ada@example.com',
      template: 'verification',
      data: { verification_link: 'https://app.fluentmeet.com/verify-email?token=abc' },
      html: HTML,
    };
    const error = errorOf(() => buildEnvelope(mixed as unknown as EmailRequest));
    expect(error.code).toBe('ENVELOPE_INVALID');
    expect(error.details.map((issue) => issue.path)).toContain('/html');
    const withData = { ...custom, data: { full_name: 'Ada' } };
    expect(errorOf(() => buildEnvelope(withData as unknown as EmailRequest)).details[0]?.path).toBe(
      '/data',
    );
  });

  it('keeps the largest valid envelope well inside Kafka’s 1 MB record limit', () => {
    // The worst case: every character a control character, which JSON writes as \u0001 (6 bytes).
    const worst = buildEnvelope({
      to: `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`,
      subject: '\u0001'.repeat(255),
      html: '\u0001'.repeat(CUSTOM_LIMITS.htmlMaxLength),
      text: '\u0001'.repeat(CUSTOM_LIMITS.textMaxLength),
      correlationId: '\u0001'.repeat(128),
      notAfter: '2026-12-02T10:00:00.000Z',
      tracking: true,
    });
    const bytes = Buffer.byteLength(toRecord(worst).value);
    expect(bytes).toBeGreaterThan(6 * (CUSTOM_LIMITS.htmlMaxLength + CUSTOM_LIMITS.textMaxLength));
    expect(bytes).toBeLessThan(0.6 * KAFKA_DEFAULT_MAX_MESSAGE_BYTES);
  });
});

describe('requestsOf (how publish splits a batch)', () => {
  const record = (bytes: number) => ({ key: 'k', value: 'v'.repeat(bytes - 1), headers: {} });

  it('keeps small records in one request', () => {
    const records = Array.from({ length: 100 }, () => record(1_000));
    expect(requestsOf(records).map((request) => request.length)).toEqual([100]);
  });

  it('starts a new request before the byte budget is passed, in order, a large record alone', () => {
    const big = record(PUBLISH_REQUEST_MAX_BYTES + 10);
    const half = record(PUBLISH_REQUEST_MAX_BYTES / 2);
    const requests = requestsOf([half, half, half, big, half]);
    expect(requests).toEqual([[half, half], [half], [big], [half]]);
  });
});

// Type tests (run by `pnpm typecheck`, which includes test/): a wrong mix does not compile.
describe('EmailRequest types', () => {
  it('make a template name with html, a custom email with data or without a subject compile errors', () => {
    const link = 'https://app.fluentmeet.com/verify-email?token=abc';
    const wrong: EmailRequest[] = [
      // @ts-expect-error html belongs to custom emails only
      {
        to: 'ada@example.com',
        template: 'verification',
        data: { verification_link: link },
        html: HTML,
      },
      // @ts-expect-error a custom email has no template data
      { to: 'ada@example.com', subject: 'Hi', html: HTML, data: { verification_link: link } },
      // @ts-expect-error a custom email needs a subject
      { to: 'ada@example.com', html: HTML },
      // @ts-expect-error `custom` is the only template that carries html
      { to: 'ada@example.com', subject: 'Hi', template: 'password_changed', html: HTML },
    ];
    // And what JavaScript lets through anyway is refused at run time.
    for (const request of wrong) {
      expect(errorOf(() => buildEnvelope(request)).code).toBe('ENVELOPE_INVALID');
    }
  });
});
