import { describe, expect, it } from 'vitest';
import { caniemail } from 'caniemail';
import {
  buildEnvelope,
  LANGUAGES,
  TEMPLATE_NAMES,
  type EmailRequest,
  type TemplateName,
} from '@fluentmeet/email-contracts';
import { createRenderer } from '../../src/templates/index.js';

/** The clients the check is about: every Gmail, Outlook and Apple Mail in the caniemail data. */
const CLIENTS = ['gmail.*', 'outlook.*', 'apple-mail.*'] as const;

/**
 * Features caniemail reports as unsupported ("none") that the templates use on purpose.
 * Each entry says why it does no harm where it is not supported; anything else fails.
 */
const ALLOWED: ReadonlyArray<{
  features: string[];
  clients: readonly string[] | '*';
  reason: string;
}> = [
  {
    features: ['color-scheme meta tag', 'color-scheme CSS property'],
    clients: '*',
    reason:
      'Dark-mode hint only. The colours are mid-tones that read on light and on inverted backgrounds, so a client that ignores the hint still shows a legible email.',
  },
  {
    features: [
      '<style> element',
      '@media',
      'Class selector',
      'Type selector',
      'Attribute selector',
      'Descendant combinator',
      '!important keyword',
    ],
    clients: ['gmail.mobile-webmail', 'outlook.windows', 'outlook.windows-mail'],
    reason:
      'The <style> block carries only enhancements (dark colours, narrow-screen padding); every style the email needs is inline, so a client that drops the block shows the light, full-width layout.',
  },
  {
    features: ['display:none', 'opacity', 'max-height property', 'overflow'],
    clients: ['gmail.mobile-webmail', 'outlook.windows', 'outlook.windows-mail'],
    reason:
      'Hides the preheader. Outlook for Windows hides it through mso-hide:all instead; where nothing hides it, the preview sentence shows above the heading, which reads as part of the email.',
  },
  {
    features: ['<body> element'],
    clients: ['outlook.macos'],
    reason:
      'Styles on <body> are dropped; the background colour is repeated on the outer presentation table.',
  },
  {
    features: ['border-radius'],
    clients: ['outlook.windows', 'outlook.windows-mail'],
    reason: 'The card and the button get square corners; nothing else changes.',
  },
  {
    features: ['role attribute', 'word-break'],
    clients: ['outlook.windows-mail'],
    reason:
      'role="presentation" is for screen readers, which the client does not affect; without word-break a long link wraps at its punctuation instead of anywhere.',
  },
];

const renderer = createRenderer();
const LINK =
  'https://app.fluentmeet.com/reset-password?token=Hx2Lq8Vb0Nw4Kc6Jm1Pz3Rt5Ys7Ud9Fa0Ge2Ih4Jk6L';
const DATA: { [T in TemplateName]: Extract<EmailRequest, { template: T }>['data'] } = {
  verification: { verification_link: LINK, full_name: 'Ada Lovelace' },
  password_reset: { reset_link: LINK, expires_in_minutes: 60 },
  password_changed: { changed_at: '2026-11-28T00:12:00.000Z' },
  account_exists: { reset_link: LINK, expires_in_minutes: 60 },
};

function allowed(feature: string, client: string): boolean {
  return ALLOWED.some(
    (entry) =>
      entry.features.includes(feature) && (entry.clients === '*' || entry.clients.includes(client)),
  );
}

/** "feature in client" for every unsupported feature the allow-list does not cover. */
function problems(html: string): { failing: string[]; allowedSeen: Set<string> } {
  const result = caniemail({ html, clients: [...CLIENTS] });
  const failing: string[] = [];
  const allowedSeen = new Set<string>();
  for (const [client, issues] of result.issues.errors) {
    for (const issue of issues) {
      if (allowed(issue.title, client)) allowedSeen.add(issue.title);
      else failing.push(`${issue.title} in ${client} (line ${issue.position?.start.line ?? '?'})`);
    }
  }
  return { failing, allowedSeen };
}

describe('email-client check (caniemail data: Gmail, Outlook, Apple Mail)', () => {
  const seen = new Set<string>();

  describe.each(LANGUAGES)('%s', (locale) => {
    it.each(TEMPLATE_NAMES)('%s uses no feature that breaks in these clients', (template) => {
      const { html } = renderer.render(
        buildEnvelope({
          to: 'ada@example.com',
          template,
          locale,
          data: DATA[template],
        } as EmailRequest),
      );
      const { failing, allowedSeen } = problems(html);
      for (const title of allowedSeen) seen.add(title);
      expect(failing).toEqual([]);
    });
  });

  it('fails on a feature outside the allow-list (the check can fail)', () => {
    const { failing } = problems(
      '<!DOCTYPE html><html><body><div style="display:flex;position:absolute">x</div></body></html>',
    );
    expect(failing.some((line) => line.startsWith('position in outlook.windows'))).toBe(true);
  });

  it('keeps the allow-list short and every entry needed', () => {
    expect(ALLOWED.length).toBeLessThanOrEqual(6);
    for (const entry of ALLOWED) {
      expect(entry.reason.length).toBeGreaterThan(20);
      expect(entry.features.some((feature) => seen.has(feature))).toBe(true);
    }
  });
});
