import type { Language } from '@fluentmeet/email-contracts';
import { CATALOGS } from './i18n/catalogs.js';
import type { Messages, PluralForms } from './i18n/messages.js';

// Intl objects are built once per language, not per email.
const cache = new Map<
  Language,
  { plural: Intl.PluralRules; number: Intl.NumberFormat; date: Intl.DateTimeFormat }
>();

function intl(language: Language) {
  let entry = cache.get(language);
  if (entry === undefined) {
    const locale = CATALOGS[language].intlLocale;
    entry = {
      plural: new Intl.PluralRules(locale),
      number: new Intl.NumberFormat(locale),
      // The recipient's zone is unknown, so UTC, and the zone is always printed.
      date: new Intl.DateTimeFormat(locale, {
        timeZone: 'UTC',
        weekday: 'long',
        day: 'numeric',
        month: 'long',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
        timeZoneName: 'short',
      }),
    };
    cache.set(language, entry);
  }
  return entry;
}

function plural(language: Language, n: number, forms: PluralForms): string {
  const { plural: rules, number } = intl(language);
  const category = rules.select(n);
  const form =
    category === 'one'
      ? forms.one
      : category === 'many'
        ? (forms.many ?? forms.other)
        : forms.other;
  return form.replace('#', number.format(n));
}

/** "24 hours", "1 hour", "24 heures" (`Intl.PluralRules` of the language). */
export function formatHours(hours: number, language: Language = 'en'): string {
  return plural(language, hours, CATALOGS[language].units.hour);
}

/** "60 minutes", "45 minutes"; whole hours from two hours up read as hours ("24 hours"). */
export function formatMinutes(minutes: number, language: Language = 'en'): string {
  return minutes >= 120 && minutes % 60 === 0
    ? formatHours(minutes / 60, language)
    : plural(language, minutes, CATALOGS[language].units.minute);
}

/** "Saturday, 28 November 2026 at 00:12 UTC", "samedi 28 novembre 2026 à 00:12 UTC". */
export function formatUtc(iso: string, language: Language = 'en'): string {
  return intl(language).date.format(new Date(iso));
}

/** Fills `{name}`-style placeholders; a value is inserted as text (escaping is the template's). */
export function fill(text: string, values: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}

/** A sentence split around one placeholder, so a template can set the value in bold. */
export function around(text: string, key: string): { before: string; after: string } {
  const [before = '', after = ''] = text.split(`{${key}}`);
  return { before, after };
}

/** "Hi Ada," / "Bonjour Ada," or the language's greeting without a name. */
export function greeting(messages: Messages, fullName: string | undefined): string {
  return fullName === undefined
    ? messages.greeting.anonymous
    : fill(messages.greeting.named, { name: fullName });
}
