/**
 * The languages FluentMeet speaks (its signup's speaking and listening languages), as
 * BCP 47 primary language subtags. Every email template exists in each of them.
 */
export const LANGUAGES = ['en', 'fr', 'de', 'es', 'it', 'pt'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The language of an envelope without `locale`, and the last step of every fallback. */
export const DEFAULT_LANGUAGE: Language = 'en';

/** Longest tag accepted in an envelope (RFC 5646 recommends supporting at least 35). */
export const MAX_LOCALE_LENGTH = 35;

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/**
 * Whether `value` is a well-formed BCP 47 language tag (`fr`, `pt-BR`, `zh-Hant-TW`), by
 * the runtime's own Unicode/ICU parser (`Intl.getCanonicalLocales`). Well-formed is not
 * supported: the worker renders any tag in the nearest language it has.
 *
 * @example
 * isLocale('pt-BR'); // true
 * isLocale('pt_BR'); // false
 */
export function isLocale(value: string): boolean {
  if (value.length === 0 || value.length > MAX_LOCALE_LENGTH) return false;
  try {
    return Intl.getCanonicalLocales(value).length === 1;
  } catch {
    return false;
  }
}
