import { describe, expect, it } from 'vitest';
import { fetch } from 'undici';
import { useSandbox } from './helpers.js';

describe('web inbox assets', () => {
  it.each([
    ['/', /^text\/html; charset=utf-8$/, 'data-testid="message-list"'],
    ['/inbox.js', /^text\/javascript; charset=utf-8$/, "new EventSource('/api/events')"],
    ['/inbox.css', /^text\/css; charset=utf-8$/, '.message-list'],
  ])('serves %s', async (path, contentType, marker) => {
    const sandbox = await useSandbox();
    const response = await fetch(`${sandbox.url}${path}`);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(contentType);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await response.text()).toContain(marker);
  });

  it('references only its own assets, so it works offline', async () => {
    const sandbox = await useSandbox();
    const html = await (await fetch(`${sandbox.url}/`)).text();

    const references = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]);
    expect(references.sort()).toEqual(['/inbox.css', '/inbox.js', 'data:,']);
    const iframe = /<iframe[^>]*>/s.exec(html)?.[0] ?? '';
    expect(iframe).toMatch(/sandbox="[^"]*"/);
    expect(iframe).not.toContain('allow-scripts');
    expect(iframe).not.toContain('allow-same-origin');
  });
});
