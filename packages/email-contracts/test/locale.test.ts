import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  EmailContractError,
  LANGUAGES,
  buildEnvelope,
  envelopeIssues,
  isLanguage,
  isLocale,
  parseEnvelope,
  type EmailRequest,
} from '../src/index.js';

const request: EmailRequest = {
  to: 'ada@example.com',
  template: 'verification',
  data: { verification_link: 'https://app.fluentmeet.com/verify-email?token=abc' },
};

describe('locale on the envelope (additive in 5.2.0)', () => {
  it('lists the six FluentMeet languages', () => {
    expect(LANGUAGES).toEqual(['en', 'fr', 'de', 'es', 'it', 'pt']);
    expect(isLanguage('fr')).toBe(true);
    expect(isLanguage('pt-BR')).toBe(false);
  });

  it.each(['fr', 'pt-BR', 'de-CH', 'zh-Hant-TW', 'es-419', 'EN-us', 'ja'])(
    'accepts the BCP 47 tag %s',
    (locale) => {
      expect(isLocale(locale)).toBe(true);
      expect(buildEnvelope({ ...request, locale }).locale).toBe(locale);
    },
  );

  it.each(['', 'pt_BR', 'en US', 'f', 'fr-', 'en--US', 'fr\nBcc: x', 'x'.repeat(36), '12'])(
    'rejects %j with ENVELOPE_INVALID on /locale',
    (locale) => {
      expect(isLocale(locale)).toBe(false);
      let error: unknown;
      try {
        buildEnvelope({ ...request, locale });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(EmailContractError);
      expect((error as EmailContractError).code).toBe('ENVELOPE_INVALID');
      expect((error as EmailContractError).details.map((issue) => issue.path)).toContain('/locale');
    },
  );

  it('leaves locale out when the producer does not give one', () => {
    expect(buildEnvelope(request)).not.toHaveProperty('locale');
  });
});

describe('compatibility with contracts 5.0.0', () => {
  // Written by buildEnvelope of @fluentmeet/email-contracts 5.0.0 (one per template).
  const fixture = JSON.parse(
    readFileSync(new URL('fixtures/envelopes-5.0.0.json', import.meta.url), 'utf8'),
  ) as unknown[];

  it('still validates every envelope the previous release wrote (no locale)', () => {
    expect(fixture).toHaveLength(4);
    for (const envelope of fixture) {
      expect(envelope).not.toHaveProperty('locale');
      expect(envelopeIssues(envelope)).toEqual([]);
      expect(parseEnvelope(JSON.stringify(envelope))).toEqual(envelope);
    }
  });
});
