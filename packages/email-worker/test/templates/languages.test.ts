import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'htmlparser2';
import { findAll, textContent } from 'domutils';
import {
  buildEnvelope,
  LANGUAGES,
  parseEnvelope,
  TEMPLATE_NAMES,
  type EmailEnvelope,
  type EmailRequest,
  type Language,
  type TemplateName,
} from '@fluentmeet/email-contracts';
import {
  CATALOGS,
  createRenderer,
  formatHours,
  formatMinutes,
  formatUtc,
  resolveLanguage,
  TEMPLATES,
} from '../../src/templates/index.js';

const renderer = createRenderer();
const LINK = 'https://app.fluentmeet.com/path?token=abc_DEF-123&lang=x';

const SAMPLES: { [T in TemplateName]: Extract<EmailRequest, { template: T }>['data'] } = {
  verification: { verification_link: LINK, full_name: 'Zoë O’Brien', expires_in_hours: 1 },
  password_reset: { reset_link: LINK, expires_in_minutes: 60, full_name: 'Zoë O’Brien' },
  password_changed: { changed_at: '2026-11-28T00:12:00.000Z', full_name: 'Zoë O’Brien' },
  account_exists: { reset_link: LINK, expires_in_minutes: 1440 },
};

/** What the expiry or date reads in `language`, as the template must show it. */
function expectedValue(name: TemplateName, language: Language): string {
  if (name === 'verification') return formatHours(1, language);
  if (name === 'password_changed') return formatUtc('2026-11-28T00:12:00.000Z', language);
  return formatMinutes(name === 'account_exists' ? 1440 : 60, language);
}

function render(name: TemplateName, locale?: string) {
  const request = { to: 'ada@example.com', template: name, data: SAMPLES[name] } as EmailRequest;
  return renderer.render(buildEnvelope(locale === undefined ? request : { ...request, locale }));
}

const squash = (value: string) => value.replace(/\s+/g, ' ').trim();

/** The text of each block of the HTML card (headings, paragraphs, button), decoded. */
function htmlBlocks(html: string): string[] {
  const document = parseDocument(html, { decodeEntities: true });
  const card = findAll(
    (node) => node.attribs.class?.includes('fm-card') ?? false,
    document.children,
  );
  return findAll(
    (node) =>
      ['h1', 'p'].includes(node.name) ||
      (node.name === 'a' && (node.parent as { name?: string } | null)?.name === 'td'),
    card,
  )
    .map((node) => squash(textContent(node)))
    .filter((block) => block.length > 0);
}

describe.each(LANGUAGES)('language %s', (language) => {
  const messages = CATALOGS[language];

  describe.each(TEMPLATE_NAMES)('template %s', (name) => {
    const rendered = render(name, language);

    it('is written in the language: subject, lang and dir on the root, the catalogue’s words', () => {
      expect(rendered.language).toBe(language);
      expect(rendered.fallback).toBeUndefined();
      expect(rendered.subject).toBe(TEMPLATES[name].subject(messages));
      expect(rendered.html).toContain(`<html lang="${language}" dir="ltr"`);
      expect(rendered.text).toContain(messages.layout.footer);
      if (language !== 'en') expect(rendered.subject).not.toBe(render(name).subject);
    });

    it('shows the link and the expiry (or the date) in both parts', () => {
      const value = expectedValue(name, language);
      expect(squash(rendered.text)).toContain(value);
      expect(htmlBlocks(rendered.html).join(' ')).toContain(value);
      if (name !== 'password_changed') {
        expect(rendered.text).toContain(`\n${LINK}\n`);
        expect(rendered.html.split(`href="${LINK.replace('&', '&amp;')}"`)).toHaveLength(3);
      }
    });

    it('says the same in the text part as in the HTML part', () => {
      const blocks = htmlBlocks(rendered.html);
      expect(blocks.length).toBeGreaterThanOrEqual(5);
      expect(blocks[0]).toBe(rendered.text.split('\n\n')[1]); // the heading
      const text = squash(rendered.text);
      const button =
        name === 'password_changed'
          ? []
          : [TEMPLATES[name].view(SAMPLES[name] as never, { language, messages }).button];
      // The HTML has the button and the line above the link as text; the text part has the link bare.
      const htmlOnly = new Set<unknown>([...button, messages.layout.buttonFallback]);
      for (const block of blocks) {
        if (!htmlOnly.has(block)) expect(text).toContain(block);
      }
      const html = squash(blocks.join(' '));
      for (const paragraph of rendered.text.split(/\n{2,}/).map(squash)) {
        if (paragraph === 'FluentMeet' || paragraph === '----') continue;
        expect(html + ' ' + messages.layout.footer).toContain(paragraph.replace(/^---- /, ''));
      }
    });
  });
});

describe('plurals and dates through Intl', () => {
  it.each([
    ['en', '1 hour', '24 hours', '1 minute', '45 minutes'],
    ['fr', '1 heure', '24 heures', '1 minute', '45 minutes'],
    ['de', '1 Stunde', '24 Stunden', '1 Minute', '45 Minuten'],
    ['es', '1 hora', '24 horas', '1 minuto', '45 minutos'],
    ['it', '1 ora', '24 ore', '1 minuto', '45 minuti'],
    ['pt', '1 hora', '24 horas', '1 minuto', '45 minutos'],
  ] as const)('%s: %s, %s, %s, %s', (language, oneHour, hours, oneMinute, minutes) => {
    expect(formatHours(1, language)).toBe(oneHour);
    expect(formatHours(24, language)).toBe(hours);
    expect(formatMinutes(1, language)).toBe(oneMinute);
    expect(formatMinutes(45, language)).toBe(minutes);
  });

  it.each([
    ['en', 'Saturday, 28 November 2026 at 00:12 UTC'],
    ['fr', 'samedi 28 novembre 2026 à 00:12 UTC'],
    ['de', 'Samstag, 28. November 2026 um 00:12 UTC'],
  ] as const)('dates in %s name the time zone: %s', (language, expected) => {
    expect(formatUtc('2026-11-28T01:12:00+01:00', language)).toBe(expected);
  });
});

describe('locale fallback', () => {
  it.each([
    [undefined, 'en', undefined],
    ['fr', 'fr', undefined],
    ['pt-BR', 'pt', 'language'],
    ['DE-ch', 'de', 'language'],
    ['es-419', 'es', 'language'],
    ['ja', 'en', 'default'],
    ['zh-Hant-TW', 'en', 'default'],
  ] as const)('%s is rendered in %s (fallback: %s)', (locale, language, fallback) => {
    expect(resolveLanguage(locale)).toEqual(
      fallback === undefined ? { language } : { language, fallback },
    );
    const rendered = render('password_reset', locale);
    expect(rendered.language).toBe(language);
    expect(rendered.fallback).toBe(fallback);
    expect(rendered.subject).toBe(CATALOGS[language].passwordReset.subject);
  });
});

describe('an envelope written by contracts 5.0.0', () => {
  const fixture = JSON.parse(
    readFileSync(
      new URL('../../../email-contracts/test/fixtures/envelopes-5.0.0.json', import.meta.url),
      'utf8',
    ),
  ) as unknown[];

  it('validates and renders in English', () => {
    expect(fixture.length).toBe(TEMPLATE_NAMES.length);
    for (const raw of fixture) {
      const envelope: EmailEnvelope = parseEnvelope(JSON.stringify(raw));
      // A 5.0.0 producer knew only the worker's templates.
      if (envelope.template === 'custom') throw new Error('a 5.0.0 envelope cannot be custom');
      const rendered = renderer.render(envelope);
      expect(rendered.language).toBe('en');
      expect(rendered.fallback).toBeUndefined();
      expect(rendered.html).toContain('<html lang="en"');
      expect(rendered.subject).toBe(TEMPLATES[envelope.template].subject(CATALOGS.en));
    }
  });
});
