import type { TemplateDefinition } from './definition.js';
import { formatHours } from './format.js';
import { LINK_EMAIL_HTML, LINK_EMAIL_TEXT, linkEmailView } from './link-email.js';

/** Lifetime of a verification link when the envelope does not say (the API's default). */
const DEFAULT_VERIFICATION_HOURS = 24;

export const verification: TemplateDefinition<'verification'> = {
  subject: (m) => m.verification.subject,
  tracking: false,
  view: (data, context) =>
    linkEmailView(
      context.messages.verification,
      [context.messages.verification.intro],
      { url: data.verification_link, field: 'verification_link' },
      formatHours(data.expires_in_hours ?? DEFAULT_VERIFICATION_HOURS, context.language),
      data.full_name,
      context,
    ),
  html: LINK_EMAIL_HTML,
  text: LINK_EMAIL_TEXT,
};
