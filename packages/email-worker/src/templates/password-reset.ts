import type { TemplateDefinition } from './definition.js';
import { checkedLink } from './definition.js';
import { formatMinutes, greeting } from './format.js';

export const passwordReset: TemplateDefinition<'password_reset'> = {
  subject: 'Reset your FluentMeet password',
  tracking: false,
  view: (data) => ({
    preheader: 'Use this link to choose a new password for your FluentMeet account.',
    greeting: greeting(data.full_name),
    link: checkedLink(data.reset_link, 'reset_link'),
    expiry: formatMinutes(data.expires_in_minutes),
  }),
  html: `<% layout('@layout.html') %>
<h1 class="fm-text" style="<%~ it.style.heading %>">Reset your password</h1>
<p class="fm-text" style="<%~ it.style.paragraph %>"><%= it.greeting %></p>
<p class="fm-text" style="<%~ it.style.paragraph %>">We received a request to reset the password for your FluentMeet account. Choose a new password with the button below.</p>
<%~ include('@button.html', { url: it.link, label: 'Reset password' }) %>
<p class="fm-text" style="<%~ it.style.paragraph %>"><strong>This link expires in <%= it.expiry %></strong> and can be used only once.</p>
<hr class="fm-rule" style="<%~ it.style.rule %>">
<p class="fm-muted" style="<%~ it.style.small %>">If you didn't ask to reset your password, you can ignore this email. Your password stays the same until you choose a new one with this link.</p>
`,
  text: `<% layout('@layout.txt') %>
Reset your password

<%= it.greeting %>

We received a request to reset the password for your FluentMeet account. Open this link to choose a new password:

<%= it.link %>

This link expires in <%= it.expiry %> and can be used only once.

If you didn't ask to reset your password, you can ignore this email. Your password stays the same until you choose a new one with this link.`,
};
