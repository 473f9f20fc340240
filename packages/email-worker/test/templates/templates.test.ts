import { describe, expect, expectTypeOf, it } from 'vitest';
import { Value } from '@sinclair/typebox/value';
import type { TSchema } from '@sinclair/typebox';
import {
  buildEnvelope,
  TEMPLATE_DATA,
  TEMPLATE_NAMES,
  type EmailEnvelope,
  type EmailRequest,
  type TemplateData,
  type TemplateName,
} from '@fluentmeet/email-contracts';
import {
  CATALOGS,
  createRenderer,
  formatHours,
  formatMinutes,
  formatUtc,
  RenderError,
  TEMPLATES,
} from '../../src/templates/index.js';

const renderer = createRenderer();
const LINK = 'https://app.fluentmeet.com/path?token=abc_DEF-123&lang=en';
const HOSTILE_NAME = `Ada "<script>alert('x')</script>" O'Brien & Co`;

function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** A value for one field, chosen from its schema; an unknown kind fails the test. */
function sampleValue(field: string, schema: TSchema): unknown {
  if (schema.format === 'uri') return `${LINK}&field=${field}`;
  if (schema.format === 'date-time') return '2026-11-28T13:05:09.000Z';
  if (schema.type === 'integer') return Value.Create(schema);
  if (schema.type === 'string' && schema.format === undefined) return HOSTILE_NAME;
  throw new Error(`No sample rule for ${field}; teach this test about the new field kind`);
}

/** How a field must show up in the rendered text; an unknown field fails the test. */
function expectedText(field: string, value: unknown): string {
  if (field.endsWith('_link') || field === 'full_name') return String(value);
  if (field === 'expires_in_hours') return `This link expires in ${formatHours(Number(value))}`;
  if (field === 'expires_in_minutes') return `This link expires in ${formatMinutes(Number(value))}`;
  if (field === 'changed_at') return formatUtc(String(value));
  throw new Error(`No expectation for ${field}; teach this test how ${field} must appear`);
}

function sampleData(name: TemplateName, withOptional: boolean): Record<string, unknown> {
  const schema = TEMPLATE_DATA[name];
  const required = new Set<string>(schema.required ?? []);
  const data: Record<string, unknown> = {};
  for (const [field, fieldSchema] of Object.entries(schema.properties as Record<string, TSchema>)) {
    if (withOptional || required.has(field)) data[field] = sampleValue(field, fieldSchema);
  }
  return data;
}

function envelope(request: Record<string, unknown>): EmailEnvelope {
  return buildEnvelope({ to: 'ada@example.com', ...request } as EmailRequest);
}

describe.each(TEMPLATE_NAMES)('template %s', (name) => {
  describe.each([true, false])('rendered from a schema sample (optional fields: %s)', (full) => {
    const data = sampleData(name, full);
    const rendered = renderer.render(envelope({ template: name, data }));

    it('uses a sample the schema accepts', () => {
      expect(Value.Check(TEMPLATE_DATA[name], data)).toBe(true);
    });

    it('shows every data field in both parts', () => {
      for (const [field, value] of Object.entries(data)) {
        const text = expectedText(field, value);
        expect(rendered.text).toContain(text);
        expect(rendered.html).toContain(escapeHtml(text));
      }
    });

    it('has the transactional-email essentials', () => {
      const { html } = rendered;
      expect(html).toMatch(/^<!DOCTYPE html>/);
      expect(html).toContain('<html lang="en"');
      expect(html).toContain(`<title>${escapeHtml(TEMPLATES[name].subject(CATALOGS.en))}</title>`);
      expect(html).toContain('<meta name="color-scheme" content="light dark">');
      expect(html).toContain('<meta name="supported-color-schemes" content="light dark">');
      expect(html).toMatch(/<div style="display:none;[^"]*mso-hide:all;">\S/);
      expect(html).toContain('role="presentation"');
      expect(html).not.toMatch(/<table(?![^>]*role="presentation")/);
      expect(html).not.toMatch(/(?:src|href)="(?!https?:)|url\(|@import|<link|<script|<img/i);
    });

    it('ends the text part with one newline and holds no markup', () => {
      expect(rendered.text).toMatch(/[^\n]\n$/);
      const ours = rendered.text.replaceAll(HOSTILE_NAME, '');
      expect(ours).not.toMatch(/<\/?[a-z][^>]*>|&amp;|&#39;|&quot;/i);
    });
  });
});

describe('links', () => {
  const linked: Array<[TemplateName, Record<string, unknown>, string]> = [
    ['verification', { verification_link: LINK }, 'This link expires in 24 hours.'],
    [
      'password_reset',
      { reset_link: LINK, expires_in_minutes: 60 },
      'This link expires in 60 minutes',
    ],
    [
      'account_exists',
      { reset_link: LINK, expires_in_minutes: 60 },
      'This link expires in 60 minutes',
    ],
  ];

  it.each(linked)(
    '%s has a button, the link again as text, and the expiry',
    (template, data, expiry) => {
      const { html, text } = renderer.render(envelope({ template, data }));
      const href = `href="${escapeHtml(LINK)}"`;
      expect(html.split(href)).toHaveLength(3); // the button and the link below it
      expect(html).toMatch(/<td align="center" bgcolor="#[0-9a-f]{6}"[^>]*>\s*<a href=/);
      expect(html).toContain(`>${escapeHtml(LINK)}</a>`);
      expect(html).toContain('copy and paste this link');
      expect(html.replaceAll(/<\/?strong>/g, '')).toContain(expiry);
      expect(text).toContain(`\n${LINK}\n`);
      expect(text).toContain(expiry);
    },
  );

  it('states the default 24-hour lifetime and an explicit one', () => {
    const data = { verification_link: LINK, expires_in_hours: 1 };
    expect(renderer.render(envelope({ template: 'verification', data })).text).toContain(
      'This link expires in 1 hour.',
    );
  });

  it('refuses a non-http(s) link even in an unchecked envelope', () => {
    const checked = envelope({ template: 'verification', data: { verification_link: LINK } });
    const forged = {
      ...checked,
      data: { verification_link: 'javascript:alert(1)' },
    } as EmailEnvelope;
    expect(() => renderer.render(forged)).toThrow(
      expect.objectContaining({ name: 'RenderError', code: 'TEMPLATE_DATA_INVALID' }),
    );
  });

  it('throws a coded RenderError for an unknown template', () => {
    const forged = { template: 'welcome', data: {} } as unknown as EmailEnvelope;
    expect(() => renderer.render(forged)).toThrow(RenderError);
  });
});

describe('account_exists', () => {
  it('says no account was created and links to the reset flow', () => {
    const { html, text } = renderer.render(
      envelope({ template: 'account_exists', data: { reset_link: LINK, expires_in_minutes: 60 } }),
    );
    for (const part of [text, html]) {
      expect(part).toContain('no new account was created');
      expect(part).toContain('choose a new one');
    }
    expect(html).toContain('>Reset password</a>');
  });
});

describe('what to do if you did not ask', () => {
  it.each([
    ['verification', { verification_link: LINK }, "If you didn't create a FluentMeet account"],
    [
      'password_reset',
      { reset_link: LINK, expires_in_minutes: 30 },
      "If you didn't ask to reset your password",
    ],
    ['password_changed', { changed_at: '2026-01-02T03:04:05Z' }, "If this wasn't you"],
    [
      'account_exists',
      { reset_link: LINK, expires_in_minutes: 60 },
      "If it wasn't you, you can ignore this email.",
    ],
  ] as const)('%s says it', (template, data, line) => {
    const { html, text } = renderer.render(envelope({ template, data }));
    expect(text).toContain(line);
    expect(html.replaceAll(/<\/?strong>/g, '')).toContain(escapeHtml(line));
  });

  it('password_changed states when, in UTC', () => {
    const data = { changed_at: '2026-01-02T03:04:05+02:00' };
    const { text } = renderer.render(envelope({ template: 'password_changed', data }));
    expect(text).toContain('changed on Friday, 2 January 2026 at 01:04 UTC.');
  });
});

describe('escaping', () => {
  const data = { verification_link: LINK, full_name: HOSTILE_NAME };
  const subject = `Welcome <b>"friend"</b> & 'co'`;
  const { html, text } = renderer.render(envelope({ template: 'verification', data, subject }));

  it('renders hostile names and subjects inert in HTML', () => {
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<b>');
    expect(html).toContain(`Hi ${escapeHtml(HOSTILE_NAME)},`);
    expect(html).toContain(`<title>${escapeHtml(subject)}</title>`);
  });

  it('escapes ampersands in href attributes', () => {
    expect(html).toContain('href="https://app.fluentmeet.com/path?token=abc_DEF-123&amp;lang=en"');
    expect(html).not.toContain('&lang=en"');
  });

  it('keeps the text part literal', () => {
    expect(text).toContain(`Hi ${HOSTILE_NAME},`);
    expect(text).toContain(LINK);
  });
});

describe('subjects', () => {
  it.each([
    ['verification', { verification_link: LINK }, 'Verify your FluentMeet account'],
    [
      'password_reset',
      { reset_link: LINK, expires_in_minutes: 60 },
      'Reset your FluentMeet password',
    ],
    [
      'password_changed',
      { changed_at: '2026-01-02T03:04:05Z' },
      'Your FluentMeet password was changed',
    ],
    [
      'account_exists',
      { reset_link: LINK, expires_in_minutes: 60 },
      'You already have a FluentMeet account',
    ],
  ] as const)('%s defaults to "%s"', (template, data, subject) => {
    expect(renderer.render(envelope({ template, data })).subject).toBe(subject);
  });

  it("uses the envelope's subject when given", () => {
    const rendered = renderer.render(
      envelope({
        template: 'password_changed',
        data: { changed_at: '2026-01-02T03:04:05Z' },
        subject: 'Heads up',
      }),
    );
    expect(rendered.subject).toBe('Heads up');
    expect(rendered.html).toContain('<title>Heads up</title>');
  });
});

describe('formatting', () => {
  it('words durations', () => {
    expect([formatHours(1), formatHours(24), formatHours(48)]).toEqual([
      '1 hour',
      '24 hours',
      '48 hours',
    ]);
    expect([formatMinutes(1), formatMinutes(60), formatMinutes(90), formatMinutes(1440)]).toEqual([
      '1 minute',
      '60 minutes',
      '90 minutes',
      '24 hours',
    ]);
  });

  it('ties each template to its schema type', () => {
    expectTypeOf<Parameters<(typeof TEMPLATES)['verification']['view']>[0]>().toEqualTypeOf<
      TemplateData<'verification'>
    >();
    expectTypeOf<Parameters<(typeof TEMPLATES)['password_reset']['view']>[0]>().toEqualTypeOf<
      TemplateData<'password_reset'>
    >();
    expectTypeOf<Parameters<(typeof TEMPLATES)['password_changed']['view']>[0]>().toEqualTypeOf<
      TemplateData<'password_changed'>
    >();
    expectTypeOf<Parameters<(typeof TEMPLATES)['account_exists']['view']>[0]>().toEqualTypeOf<
      TemplateData<'account_exists'>
    >();
    expect(Object.keys(TEMPLATES).sort()).toEqual([...TEMPLATE_NAMES].sort());
  });
});
