import type { TemplateDefinition } from './definition.js';
import { formatMinutes } from './format.js';
import { LINK_EMAIL_HTML, LINK_EMAIL_TEXT, linkEmailView } from './link-email.js';

/** Sent instead of a second account, so that the signup answer tells no one who has one. */
export const accountExists: TemplateDefinition<'account_exists'> = {
  subject: (m) => m.accountExists.subject,
  tracking: false,
  view: (data, context) => {
    const words = context.messages.accountExists;
    return linkEmailView(
      words,
      [words.intro, words.ifYou],
      { url: data.reset_link, field: 'reset_link' },
      formatMinutes(data.expires_in_minutes, context.language),
      data.full_name,
      context,
    );
  },
  html: LINK_EMAIL_HTML,
  text: LINK_EMAIL_TEXT,
};
