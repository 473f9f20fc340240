import type { TemplateDefinition } from './definition.js';
import { formatMinutes } from './format.js';
import { LINK_EMAIL_HTML, LINK_EMAIL_TEXT, linkEmailView } from './link-email.js';

export const passwordReset: TemplateDefinition<'password_reset'> = {
  subject: (m) => m.passwordReset.subject,
  tracking: false,
  view: (data, context) =>
    linkEmailView(
      context.messages.passwordReset,
      [context.messages.passwordReset.intro],
      { url: data.reset_link, field: 'reset_link' },
      formatMinutes(data.expires_in_minutes, context.language),
      data.full_name,
      context,
    ),
  html: LINK_EMAIL_HTML,
  text: LINK_EMAIL_TEXT,
};
