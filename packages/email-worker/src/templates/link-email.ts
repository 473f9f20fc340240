import { checkedLink } from './definition.js';
import type { RenderContext, TemplateView } from './definition.js';
import { fill, greeting } from './format.js';
import type { LinkEmailMessages } from './i18n/messages.js';

/**
 * The body shared by the emails that carry one link (verification, password reset,
 * account exists): heading, greeting, what happened, the button and the link as text,
 * its lifetime, what to do if it was not you. One markup for every language.
 */
export const LINK_EMAIL_HTML = `<% layout('@layout.html') %>
<h1 class="fm-text" style="<%~ it.style.heading %>"><%= it.heading %></h1>
<p class="fm-text" style="<%~ it.style.paragraph %>"><%= it.greeting %></p>
<% for (const paragraph of it.paragraphs) { %>
<p class="fm-text" style="<%~ it.style.paragraph %>"><%= paragraph %></p>
<% } %>
<%~ include('@button.html', { url: it.link, label: it.button, fallback: it.m.layout.buttonFallback, style: it.style }) %>
<p class="fm-text" style="<%~ it.style.paragraph %>"><strong><%= it.expiry %></strong></p>
<hr class="fm-rule" style="<%~ it.style.rule %>">
<p class="fm-muted" style="<%~ it.style.small %>"><%= it.notYou %></p>
`;

export const LINK_EMAIL_TEXT = `<% layout('@layout.txt') %>
<%= it.heading %>

<%= it.greeting %>

<% for (const paragraph of it.paragraphs) { %>
<%= paragraph %>

<% } %>
<%= it.link %>

<%= it.expiry %>

<%= it.notYou %>`;

export function linkEmailView(
  words: LinkEmailMessages,
  paragraphs: string[],
  link: { url: string; field: string },
  duration: string,
  fullName: string | undefined,
  { messages }: RenderContext,
): TemplateView {
  return {
    preheader: words.preheader,
    greeting: greeting(messages, fullName),
    heading: words.heading,
    paragraphs,
    button: words.button,
    link: checkedLink(link.url, link.field),
    expiry: fill(words.expiry, { duration }),
    notYou: words.notYou,
  };
}
