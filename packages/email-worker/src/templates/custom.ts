import { compile } from 'html-to-text';
import type { EmailEnvelope } from '@fluentmeet/email-contracts';
import type { RenderedEmail } from './renderer.js';

type CustomEnvelope = Extract<EmailEnvelope, { template: 'custom' }>;

// Compiled once: html-to-text builds its selector tables per compile.
const toText = compile({
  wordwrap: 78,
  selectors: [
    // An inbox shows the subject; the document's <title> would repeat it.
    { selector: 'title', format: 'skip' },
    { selector: 'img', format: 'skip' },
    { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
    // The words as the sender wrote them (html-to-text upper-cases headings by default).
    ...(['h1', 'h2', 'h3', 'h4', 'h5', 'h6'] as const).map((selector) => ({
      selector,
      options: { uppercase: false },
    })),
  ],
});

/**
 * An email the producer rendered: the HTML exactly as given (no layout, nothing
 * escaped), the text as given or derived from the HTML, tracking only when asked for.
 */
export function renderCustom(envelope: CustomEnvelope): RenderedEmail {
  return {
    subject: envelope.subject,
    html: envelope.html,
    text: envelope.text ?? `${toText(envelope.html).trim()}\n`,
    tracking: envelope.tracking === true,
    ...(envelope.locale === undefined ? {} : { language: envelope.locale }),
  };
}
