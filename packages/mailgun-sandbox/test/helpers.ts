import { afterEach, expect } from 'vitest';
import { fetch, FormData, type Response } from 'undici';
import { startSandbox, type SandboxHandle, type SandboxOptions } from '../src/index.js';

const open = new Set<SandboxHandle>();

afterEach(async () => {
  await Promise.all([...open].map((sandbox) => sandbox.close()));
  open.clear();
});

/** A sandbox on a free port, closed after the test. */
export async function useSandbox(options: SandboxOptions = {}): Promise<SandboxHandle> {
  const sandbox = await startSandbox(options);
  open.add(sandbox);
  return sandbox;
}

export function basicAuth(key: string, user = 'api'): string {
  return `Basic ${Buffer.from(`${user}:${key}`).toString('base64')}`;
}

export type Fields = [name: string, value: string][];

export const validFields = (overrides: Record<string, string> = {}): Fields =>
  Object.entries({
    from: 'FluentMeet <no-reply@fluentmeet.com>',
    to: 'ann@example.com',
    subject: 'Verify your FluentMeet account',
    text: 'Open https://app.fluentmeet.com/verify-email?token=abc',
    html: '<p><a href="https://app.fluentmeet.com/verify-email?token=abc">Verify</a></p>',
    ...overrides,
  });

export interface SendOptions {
  domain?: string;
  key?: string;
  encoding?: 'multipart' | 'urlencoded';
}

/** Posts a message the way a Mailgun client does. */
export async function send(
  sandbox: SandboxHandle,
  fields: Fields = validFields(),
  options: SendOptions = {},
): Promise<Response> {
  const url = `${sandbox.url}/v3/${options.domain ?? 'mg.fluentmeet.com'}/messages`;
  const headers = { authorization: basicAuth(options.key ?? sandbox.apiKey) };
  if (options.encoding === 'urlencoded') {
    return fetch(url, { method: 'POST', headers, body: new URLSearchParams(fields) });
  }
  const form = new FormData();
  for (const [name, value] of fields) form.append(name, value);
  return fetch(url, { method: 'POST', headers, body: form });
}

export async function getJson<T>(sandbox: SandboxHandle, path: string): Promise<T> {
  const response = await fetch(`${sandbox.url}${path}`);
  if (!response.ok) throw new Error(`GET ${path}: ${response.status}`);
  return (await response.json()) as T;
}

/** `expect.stringMatching` without its `any` type. */
export const matching = (pattern: RegExp): unknown => expect.stringMatching(pattern);
