import {
  isHttpUrl,
  type Language,
  type TemplateData,
  type TemplateName,
} from '@fluentmeet/email-contracts';
import { RenderError } from './errors.js';
import type { Messages } from './i18n/messages.js';

/** What a template's Eta code sees as `it` (the layout adds `title`, `lang`, `dir`, `m` and `body`). */
export interface TemplateView {
  /** Hidden preview text shown by inboxes next to the subject. */
  preheader: string;
  greeting: string;
  [field: string]: unknown;
}

/** The language an email is rendered in, with its catalogue. */
export interface RenderContext {
  language: Language;
  messages: Messages;
}

/**
 * One email: default subject, HTML and text bodies (Eta, wrapped by the shared
 * layouts; one markup for every language, the words come from the catalogue) and the
 * mapping from the schema's data to the view. Typing `view`'s input as
 * `TemplateData<T>` ties the template to its schema in the contracts.
 */
export interface TemplateDefinition<T extends TemplateName> {
  subject(messages: Messages): string;
  /**
   * Whether Mailgun may track opens and rewrite links for click tracking (per message,
   * over the domain's setting). An auth email says `false`: a reset or verification link
   * rewritten through the tracking host leaks the token to it and breaks when it is down.
   */
  tracking: boolean;
  html: string;
  text: string;
  view(data: TemplateData<T>, context: RenderContext): TemplateView;
}

/** Every template of the contracts must have a definition, and nothing else may. */
export type TemplateSet = { [T in TemplateName]: TemplateDefinition<T> };

/** Second line of defence: only http(s) URLs ever reach an `href`. */
export function checkedLink(value: string, field: string): string {
  if (!isHttpUrl(value)) {
    throw new RenderError('TEMPLATE_DATA_INVALID', `${field} is not an absolute http(s) URL`);
  }
  return value;
}
