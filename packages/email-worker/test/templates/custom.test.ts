import { describe, expect, it } from 'vitest';
import { CUSTOM_LIMITS, buildEnvelope } from '@fluentmeet/email-contracts';
import { mailgunFields } from '../../src/mailgun/client.js';
import { createRenderer } from '../../src/templates/index.js';

const renderer = createRenderer();

describe('rendering a custom email', () => {
  it('uses the HTML as given: no layout, nothing escaped', () => {
    const html = '<p>O&#39;Brien &amp; <script>1 < 2</script></p>';
    const rendered = renderer.render(buildEnvelope({ to: 'a@example.com', subject: 'S', html }));
    expect(rendered.html).toBe(html);
    expect(rendered.html).not.toContain('FluentMeet');
    expect(rendered).toMatchObject({ subject: 'S', tracking: false });
  });

  it('derives the text from the HTML: entities decoded, links kept, head and images left out', () => {
    const rendered = renderer.render(
      buildEnvelope({
        to: 'a@example.com',
        subject: 'S',
        html: '<html><head><title>T</title><style>p{}</style></head><body><h2>Notice</h2><p>O&#39;Brien &amp; co</p><img src="https://x.test/a.png" alt="logo"><a href="https://x.test/r">Open</a></body></html>',
      }),
    );
    expect(rendered.text).toBe("Notice\n\nO'Brien & co\n\nOpen [https://x.test/r]\n");
  });

  it('keeps a given text and turns tracking on only when asked', () => {
    const rendered = renderer.render(
      buildEnvelope({
        to: 'a@example.com',
        subject: 'S',
        html: '<p>x</p>',
        text: 'y',
        tracking: true,
      }),
    );
    expect(rendered).toMatchObject({ text: 'y', tracking: true });
  });

  it('puts none of the body into the o:/h:/v: options Mailgun limits to 16 KB in total', () => {
    const envelope = buildEnvelope({
      to: 'a@example.com',
      subject: 's'.repeat(255),
      html: 'h'.repeat(CUSTOM_LIMITS.htmlMaxLength),
      text: 't'.repeat(CUSTOM_LIMITS.textMaxLength),
    });
    const rendered = renderer.render(envelope);
    const fields = mailgunFields(
      {
        to: envelope.to,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        tag: envelope.template,
        envelopeId: envelope.id,
        tracking: rendered.tracking,
      },
      'FluentMeet <no-reply@fluentmeet.com>',
    );
    const options = fields.filter(([name]) => /^[ohv]:/.test(name));
    const bytes = options.reduce((sum, [name, value]) => sum + name.length + value.length, 0);
    expect(bytes).toBeLessThan(256);
  });
});
