import type { TemplateDefinition } from './definition.js';
import { checkedLink } from './definition.js';
import { formatMinutes, greeting } from './format.js';

/** Sent instead of a second account, so that the signup answer tells no one who has one. */
export const accountExists: TemplateDefinition<'account_exists'> = {
  subject: 'You already have a FluentMeet account',
  tracking: false,
  view: (data) => ({
    preheader:
      'Someone tried to sign up with this email address. If it was you, you can reset your password.',
    greeting: greeting(data.full_name),
    link: checkedLink(data.reset_link, 'reset_link'),
    expiry: formatMinutes(data.expires_in_minutes),
  }),
  html: `<% layout('@layout.html') %>
<h1 class="fm-text" style="<%~ it.style.heading %>">You already have an account</h1>
<p class="fm-text" style="<%~ it.style.paragraph %>"><%= it.greeting %></p>
<p class="fm-text" style="<%~ it.style.paragraph %>">Someone just tried to sign up for FluentMeet with this email address. It already belongs to your account, so no new account was created.</p>
<p class="fm-text" style="<%~ it.style.paragraph %>">If it was you and you don't remember your password, choose a new one with the button below.</p>
<%~ include('@button.html', { url: it.link, label: 'Reset password' }) %>
<p class="fm-text" style="<%~ it.style.paragraph %>"><strong>This link expires in <%= it.expiry %></strong> and can be used only once.</p>
<hr class="fm-rule" style="<%~ it.style.rule %>">
<p class="fm-muted" style="<%~ it.style.small %>">If it wasn't you, you can ignore this email. Your account and your password stay as they are, and whoever tried was not told that this address has an account.</p>
`,
  text: `<% layout('@layout.txt') %>
You already have an account

<%= it.greeting %>

Someone just tried to sign up for FluentMeet with this email address. It already belongs to your account, so no new account was created.

If it was you and you don't remember your password, open this link to choose a new one:

<%= it.link %>

This link expires in <%= it.expiry %> and can be used only once.

If it wasn't you, you can ignore this email. Your account and your password stay as they are, and whoever tried was not told that this address has an account.`,
};
