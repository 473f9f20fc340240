import { DEFAULT_LANGUAGE, isLanguage, type Language } from '@fluentmeet/email-contracts';
import { de } from './de.js';
import { en } from './en.js';
import { es } from './es.js';
import { fr } from './fr.js';
import { it } from './it.js';
import type { Messages } from './messages.js';
import { pt } from './pt.js';

/** One catalogue per language of the contracts; a missing language is a compile error. */
export const CATALOGS: { readonly [L in Language]: Messages } = { en, fr, de, es, it, pt };

export interface ResolvedLanguage {
  language: Language;
  /**
   * Set when the envelope asked for something else than what is used: `language` for a
   * regional tag served by its language (`pt-BR` → `pt`), `default` for a language without
   * templates (→ `en`). Unset when the envelope had no locale or named a language as is.
   */
  fallback?: 'language' | 'default';
}

/**
 * The language to render an envelope's `locale` in: the tag itself when it is one of
 * ours, else its primary language subtag (`pt-BR` → `pt`, `DE-ch` → `de`), else English.
 */
export function resolveLanguage(locale: string | undefined): ResolvedLanguage {
  if (locale === undefined) return { language: DEFAULT_LANGUAGE };
  if (isLanguage(locale)) return { language: locale };
  let primary: string | undefined;
  try {
    primary = new Intl.Locale(locale).language;
  } catch {
    primary = undefined;
  }
  if (isLanguage(primary)) return { language: primary, fallback: 'language' };
  return { language: DEFAULT_LANGUAGE, fallback: 'default' };
}
