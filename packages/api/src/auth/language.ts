import Negotiator from 'negotiator';
import { DEFAULT_LANGUAGE, LANGUAGES, type Language } from '@fluentmeet/email-contracts';

/**
 * The user's language for a signup without one: the best of FluentMeet's `LANGUAGES`
 * by the request's `Accept-Language` (quality values, `pt-BR` matching `pt`, `*`), with
 * `negotiator`; English when nothing matches or there is no header.
 *
 * @example
 * negotiateLanguage('pt-BR,pt;q=0.9,en;q=0.8'); // 'pt'
 */
export function negotiateLanguage(acceptLanguage: string | undefined): Language {
  if (acceptLanguage === undefined || acceptLanguage.trim() === '') return DEFAULT_LANGUAGE;
  const negotiator = new Negotiator({ headers: { 'accept-language': acceptLanguage } });
  return (negotiator.language([...LANGUAGES]) as Language | undefined) ?? DEFAULT_LANGUAGE;
}
