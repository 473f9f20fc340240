// Shared layouts and partials. Colours are mid-tones that read on light and dark
// backgrounds (for clients that invert), with explicit dark overrides for
// clients that honour prefers-color-scheme. No images or web fonts: nothing external.

export const HTML_LAYOUT = `<!DOCTYPE html>
<html lang="<%= it.lang %>" dir="<%= it.dir %>" xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<meta name="x-apple-disable-message-reformatting">
<meta name="format-detection" content="telephone=no, date=no, address=no, email=no, url=no">
<meta name="color-scheme" content="light dark">
<meta name="supported-color-schemes" content="light dark">
<title><%= it.title %></title>
<style>
  :root { color-scheme: light dark; supported-color-schemes: light dark; }
  body { margin: 0; padding: 0; width: 100% !important; -webkit-text-size-adjust: 100%; }
  a { text-decoration: underline; }
  @media (prefers-color-scheme: dark) {
    .fm-bg { background-color: #111827 !important; }
    .fm-card { background-color: #1f2937 !important; border-color: #374151 !important; }
    .fm-text { color: #f3f4f6 !important; }
    .fm-muted { color: #9ca3af !important; }
    .fm-brand, .fm-link { color: #a5b4fc !important; }
    .fm-rule { border-color: #374151 !important; }
  }
  [data-ogsc] .fm-text { color: #f3f4f6 !important; }
  [data-ogsc] .fm-muted { color: #9ca3af !important; }
  [data-ogsc] .fm-brand, [data-ogsc] .fm-link { color: #a5b4fc !important; }
  @media only screen and (max-width: 620px) {
    .fm-container { width: 100% !important; }
    .fm-pad { padding: 28px 20px !important; }
  }
</style>
</head>
<body class="fm-bg" style="margin:0;padding:0;background-color:#f3f4f6;">
<div style="display:none;font-size:1px;line-height:1px;max-height:0;max-width:0;opacity:0;overflow:hidden;mso-hide:all;"><%= it.preheader %>&#8199;&#65279;&#847; &#8199;&#65279;&#847; &#8199;&#65279;&#847; &#8199;&#65279;&#847; &#8199;&#65279;&#847; &#8199;&#65279;&#847; &#8199;&#65279;&#847; &#8199;&#65279;&#847;</div>
<table role="presentation" class="fm-bg" width="100%" cellpadding="0" cellspacing="0" border="0" style="width:100%;background-color:#f3f4f6;">
<tr>
<td align="center" style="padding:32px 12px;">
<table role="presentation" class="fm-container" width="560" cellpadding="0" cellspacing="0" border="0" style="width:560px;max-width:560px;">
<tr>
<td style="padding:0 8px 20px 8px;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;font-size:22px;line-height:28px;font-weight:700;letter-spacing:-0.3px;">
<span class="fm-brand" style="color:#4f46e5;">FluentMeet</span>
</td>
</tr>
<tr>
<td class="fm-card fm-pad" style="background-color:#ffffff;border:1px solid #e5e7eb;border-radius:12px;padding:40px 40px 32px 40px;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;">
<%~ it.body %>
</td>
</tr>
<tr>
<td class="fm-muted" style="padding:24px 8px 0 8px;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;font-size:12px;line-height:18px;color:#6b7280;">
<%= it.m.layout.footer %><br>
&copy; FluentMeet
</td>
</tr>
</table>
</td>
</tr>
</table>
</body>
</html>
`;

const FONT =
  "font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;";

/** Inline styles shared by the bodies (templates use `<%~ it.style.x %>`; these are constants). */
export const STYLE = {
  heading: `${FONT}margin:0 0 20px 0;font-size:24px;line-height:32px;font-weight:700;color:#111827;`,
  paragraph: `${FONT}margin:0 0 16px 0;font-size:16px;line-height:24px;color:#1f2937;`,
  small: `${FONT}margin:0 0 12px 0;font-size:14px;line-height:21px;color:#4b5563;`,
  rule: 'border:0;border-top:1px solid #e5e7eb;margin:28px 0 20px 0;',
} as const;

/** Bulletproof button (table cell with the colour, padded link) and the link again as text. */
export const HTML_BUTTON = `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:8px 0 24px 0;">
<tr>
<td align="center" bgcolor="#4f46e5" style="border-radius:8px;background-color:#4f46e5;">
<a href="<%= it.url %>" style="display:inline-block;padding:14px 28px;border:1px solid #4f46e5;border-radius:8px;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;font-size:16px;line-height:20px;font-weight:600;color:#ffffff;text-decoration:none;"><%= it.label %></a>
</td>
</tr>
</table>
<p class="fm-muted" style="<%~ it.style.small %>"><%= it.fallback %></p>
<p style="<%~ it.style.small %>word-break:break-all;"><a class="fm-link" href="<%= it.url %>" style="color:#4f46e5;"><%= it.url %></a></p>
`;

export const TEXT_LAYOUT = `FluentMeet

<%~ it.body %>

----
<%= it.m.layout.footer %>
`;
