import type { TemplateDefinition } from './definition.js';
import { formatUtc, greeting } from './format.js';

export const passwordChanged: TemplateDefinition<'password_changed'> = {
  subject: 'Your FluentMeet password was changed',
  tracking: false,
  view: (data) => {
    const changedAt = formatUtc(data.changed_at);
    return {
      preheader: `Your FluentMeet password was changed on ${changedAt}. If this wasn't you, act now.`,
      greeting: greeting(data.full_name),
      changedAt,
    };
  },
  html: `<% layout('@layout.html') %>
<h1 class="fm-text" style="<%~ it.style.heading %>">Your password was changed</h1>
<p class="fm-text" style="<%~ it.style.paragraph %>"><%= it.greeting %></p>
<p class="fm-text" style="<%~ it.style.paragraph %>">The password for your FluentMeet account was changed on <strong><%= it.changedAt %></strong>.</p>
<p class="fm-text" style="<%~ it.style.paragraph %>">If you made this change, there is nothing else to do.</p>
<hr class="fm-rule" style="<%~ it.style.rule %>">
<p class="fm-text" style="<%~ it.style.paragraph %>"><strong>If this wasn't you</strong>, someone else may have access to your account. Reset your password right away with <em>Forgot password?</em> on the FluentMeet sign-in page, then contact FluentMeet support.</p>
`,
  text: `<% layout('@layout.txt') %>
Your password was changed

<%= it.greeting %>

The password for your FluentMeet account was changed on <%= it.changedAt %>.

If you made this change, there is nothing else to do.

If this wasn't you, someone else may have access to your account. Reset your password right away with "Forgot password?" on the FluentMeet sign-in page, then contact FluentMeet support.`,
};
