import { describe, expect, it } from 'vitest';
import { buildEnvelope, emailKey, envelopeKey, isEmail, normalizeEmail } from '../src/index.js';

const label = (n: number) => 'a'.repeat(n);
/** `local@` + three labels; 64 + 1 + 63 + 1 + 63 + 1 + 61 = 254 characters. */
const longest = `${label(64)}@${label(63)}.${label(63)}.${label(61)}`;

const ACCEPTED: [string, string][] = [
  ['a 63-letter label', `ada@${label(63)}.com`],
  ['a 64-letter local part', `${label(64)}@example.com`],
  ['254 characters in total', longest],
  ['upper case', 'Ada.Lovelace@Example.COM'],
  ['an IDN domain in Unicode', 'ada@bücher.de'],
  ['an IDN domain in its ASCII form', 'ada@xn--bcher-kva.de'],
  ['an IDN domain in another script', 'ada@例え.テスト'],
  ['the characters of a dot-atom', "o'brien+tag_1=x!#$%&*/?^`{|}~-@example.com"],
];

const REJECTED: [string, string][] = [
  ['a 64-letter label', `ada@${label(64)}.com`],
  ['a 65-letter local part', `${label(65)}@example.com`],
  ['255 characters in total', `${longest.slice(0, -1)}aa`],
  ['an IDN label of 63 letters whose ASCII form is longer', `ada@ü${label(60)}.de`],
  ['a non-ASCII local part', 'adä@example.com'],
  ['a single label', 'ada@localhost'],
  ['two addresses', 'ada@example.com, bob@example.com'],
  ['a display name', 'Ada <ada@example.com>'],
  ['a line break', 'ada@example.com\r\nBcc: x@example.com'],
  ['a percent-encoded domain', 'ada@ex%61mple.com'],
  ['a label with a trailing hyphen', 'ada@example-.com'],
  ['an empty label', 'ada@example..com'],
];

function envelopeTo(to: string): boolean {
  try {
    buildEnvelope({
      to,
      template: 'password_changed',
      data: { changed_at: '2026-12-01T00:00:00Z' },
    });
    return true;
  } catch {
    return false;
  }
}

describe('one email address rule for schema, envelope and callers', () => {
  it.each(ACCEPTED)('accepts %s', (_what, address) => {
    expect(longest).toHaveLength(254);
    expect(isEmail(address)).toBe(true);
    expect(envelopeTo(address)).toBe(true);
  });

  it.each(REJECTED)('rejects %s', (_what, address) => {
    expect(isEmail(address)).toBe(false);
    expect(envelopeTo(address)).toBe(false);
  });
});

describe('normalisation', () => {
  it('writes the domain in its lower-case ASCII (IDNA) form and keeps the local part', () => {
    expect(normalizeEmail('Ada@Bücher.DE')).toBe('Ada@xn--bcher-kva.de');
    expect(normalizeEmail('Ada.Lovelace@Example.COM')).toBe('Ada.Lovelace@example.com');
  });

  it('keys one mailbox one way: case, Unicode form and IDN spelling do not matter', () => {
    const key = 'ada@xn--bcher-kva.de';
    for (const spelling of [
      'ada@bücher.de',
      'ADA@BÜCHER.DE',
      'ada@bu\u0308cher.de', // decomposed ü (NFD)
      'Ada@xn--bcher-kva.de',
      'ada@ｂüｃｈｅｒ.de', // full-width letters
    ]) {
      expect(isEmail(spelling)).toBe(true);
      expect(emailKey(spelling)).toBe(key);
    }
    expect(emailKey('Ada.Lovelace@Example.COM')).toBe('ada.lovelace@example.com');
  });

  it('partitions by the key', () => {
    expect(envelopeKey({ to: 'Ada@Bücher.de' })).toBe('ada@xn--bcher-kva.de');
    expect(envelopeKey({ to: 'Ada@Example.com' })).toBe('ada@example.com');
  });
});
