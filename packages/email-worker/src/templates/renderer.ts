import { Eta } from 'eta/core';
import { TEMPLATE_NAMES, type EmailEnvelope, type TemplateName } from '@fluentmeet/email-contracts';
import { TEMPLATES } from './catalog.js';
import { renderCustom } from './custom.js';
import type { TemplateDefinition, TemplateView } from './definition.js';
import { RenderError } from './errors.js';
import { CATALOGS, resolveLanguage, type ResolvedLanguage } from './i18n/catalogs.js';
import { HTML_BUTTON, HTML_LAYOUT, STYLE, TEXT_LAYOUT } from './layout.js';

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
  /** The template's tracking policy (see `TemplateDefinition.tracking`); a custom email's `tracking`. */
  tracking: boolean;
  /**
   * The language it is written in (BCP 47), sent as `h:Content-Language`: the template's
   * language, or a custom email's `locale` as its producer gave it (absent when none).
   */
  language?: string;
  /**
   * Set when the envelope's `locale` was not used as it is: `language` (`pt-BR` was
   * rendered in `pt`) or `default` (a language without templates, rendered in English).
   */
  fallback?: ResolvedLanguage['fallback'];
}

export interface Renderer {
  /**
   * Renders a checked envelope (validate it with the contracts package first); a
   * `custom` envelope's HTML is used as it is. Throws `RenderError` (not retryable)
   * for data no template can render.
   */
  render(envelope: EmailEnvelope): RenderedEmail;
}

const htmlName = (name: string) => `@${name}.html`;
const textName = (name: string) => `@${name}.txt`;

function tidyText(text: string): string {
  return `${text
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}

/**
 * Compiles every template once (HTML with escaping, text without); `render`
 * then only runs the compiled functions.
 *
 * @example
 * const renderer = createRenderer();
 * const { subject, html, text } = renderer.render(parseEnvelope(record.value));
 */
export function createRenderer(): Renderer {
  const html = new Eta({ autoEscape: true, cache: true });
  // Plain text is not markup: escaping would turn "O'Brien" into "O&#39;Brien".
  const text = new Eta({ autoEscape: false, autoTrim: false, cache: true });
  html.loadTemplate('@layout.html', HTML_LAYOUT);
  html.loadTemplate('@button.html', HTML_BUTTON);
  text.loadTemplate('@layout.txt', TEXT_LAYOUT);
  for (const name of TEMPLATE_NAMES) {
    html.loadTemplate(htmlName(name), TEMPLATES[name].html);
    text.loadTemplate(textName(name), TEMPLATES[name].text);
  }

  return {
    render(envelope) {
      if (envelope.template === 'custom') {
        try {
          return renderCustom(envelope);
        } catch (cause) {
          throw new RenderError('TEMPLATE_FAILED', 'The custom email failed to render', { cause });
        }
      }
      const name = envelope.template;
      // Widened once: the union of definitions cannot be called with the union of
      // data, but the envelope's discriminant guarantees they match.
      const definition = TEMPLATES[name] as TemplateDefinition<TemplateName> | undefined;
      if (definition === undefined) {
        throw new RenderError('UNKNOWN_TEMPLATE', `No template named ${JSON.stringify(name)}`);
      }
      const { language, fallback } = resolveLanguage(envelope.locale);
      const messages = CATALOGS[language];
      const subject = envelope.subject ?? definition.subject(messages);
      const view: TemplateView = definition.view(envelope.data, { language, messages });
      const data = {
        ...view,
        title: subject,
        style: STYLE,
        m: messages,
        lang: language,
        dir: messages.dir,
      };
      try {
        return {
          subject,
          html: html.render(htmlName(name), data),
          text: tidyText(text.render(textName(name), data)),
          tracking: definition.tracking,
          language,
          ...(fallback === undefined ? {} : { fallback }),
        };
      } catch (cause) {
        throw new RenderError('TEMPLATE_FAILED', `Template ${name} failed to render`, { cause });
      }
    },
  };
}
