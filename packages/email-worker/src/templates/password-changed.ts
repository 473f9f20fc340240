import type { TemplateDefinition } from './definition.js';
import { around, fill, formatUtc, greeting } from './format.js';

export const passwordChanged: TemplateDefinition<'password_changed'> = {
  subject: (m) => m.passwordChanged.subject,
  tracking: false,
  view: (data, { language, messages }) => {
    const words = messages.passwordChanged;
    const changedAt = formatUtc(data.changed_at, language);
    return {
      preheader: fill(words.preheader, { date: changedAt }),
      greeting: greeting(messages, data.full_name),
      heading: words.heading,
      changed: around(words.changed, 'date'),
      changedAt,
      nothingToDo: words.nothingToDo,
      notYouLead: words.notYouLead,
      notYouBody: words.notYouBody,
    };
  },
  html: `<% layout('@layout.html') %>
<h1 class="fm-text" style="<%~ it.style.heading %>"><%= it.heading %></h1>
<p class="fm-text" style="<%~ it.style.paragraph %>"><%= it.greeting %></p>
<p class="fm-text" style="<%~ it.style.paragraph %>"><%= it.changed.before %><strong><%= it.changedAt %></strong><%= it.changed.after %></p>
<p class="fm-text" style="<%~ it.style.paragraph %>"><%= it.nothingToDo %></p>
<hr class="fm-rule" style="<%~ it.style.rule %>">
<p class="fm-text" style="<%~ it.style.paragraph %>"><strong><%= it.notYouLead %></strong> <%= it.notYouBody %></p>
`,
  text: `<% layout('@layout.txt') %>
<%= it.heading %>

<%= it.greeting %>

<%= it.changed.before %><%= it.changedAt %><%= it.changed.after %>

<%= it.nothingToDo %>

<%= it.notYouLead %> <%= it.notYouBody %>`,
};
