import type { TemplateDefinition } from './definition.js';
import { checkedLink } from './definition.js';
import { formatHours, greeting } from './format.js';

/** Lifetime of a verification link when the envelope does not say (the API's default). */
const DEFAULT_VERIFICATION_HOURS = 24;

export const verification: TemplateDefinition<'verification'> = {
  subject: 'Verify your FluentMeet account',
  tracking: false,
  view: (data) => ({
    preheader: 'Confirm your email address to finish setting up your FluentMeet account.',
    greeting: greeting(data.full_name),
    link: checkedLink(data.verification_link, 'verification_link'),
    expiry: formatHours(data.expires_in_hours ?? DEFAULT_VERIFICATION_HOURS),
  }),
  html: `<% layout('@layout.html') %>
<h1 class="fm-text" style="<%~ it.style.heading %>">Confirm your email address</h1>
<p class="fm-text" style="<%~ it.style.paragraph %>"><%= it.greeting %></p>
<p class="fm-text" style="<%~ it.style.paragraph %>">Thanks for signing up for FluentMeet. Please confirm that this is your email address so we can finish setting up your account.</p>
<%~ include('@button.html', { url: it.link, label: 'Verify email address' }) %>
<p class="fm-text" style="<%~ it.style.paragraph %>"><strong>This link expires in <%= it.expiry %>.</strong></p>
<hr class="fm-rule" style="<%~ it.style.rule %>">
<p class="fm-muted" style="<%~ it.style.small %>">If you didn't create a FluentMeet account, you can safely ignore this email. No account will be activated without this confirmation.</p>
`,
  text: `<% layout('@layout.txt') %>
Confirm your email address

<%= it.greeting %>

Thanks for signing up for FluentMeet. Please confirm that this is your email address so we can finish setting up your account. Open this link to verify your email address:

<%= it.link %>

This link expires in <%= it.expiry %>.

If you didn't create a FluentMeet account, you can safely ignore this email. No account will be activated without this confirmation.`,
};
