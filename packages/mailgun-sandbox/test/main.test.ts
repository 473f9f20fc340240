import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { send } from './helpers.js';
import { signatureIsValid, useReceiver } from './receiver.js';

const base = (): [string, string][] => [
  ['from', 'no-reply@fluentmeet.com'],
  ['subject', 'Hello'],
  ['text', 'Hello'],
];

const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));

function run(env: Record<string, string>) {
  const child = spawn(process.execPath, [main], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: Record<string, unknown>[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(JSON.parse(line) as Record<string, unknown>);
  });
  const exited = once(child, 'exit') as Promise<[number | null, string | null]>;
  return { child, lines, exited };
}

describe('standalone server (dist/main.js)', () => {
  it('reads its environment, prints its URL and exits 0 on SIGTERM', async () => {
    const { child, lines, exited } = run({
      SANDBOX_PORT: '0',
      SANDBOX_API_KEY: 'key-main',
      SANDBOX_DOMAINS: 'mg.fluentmeet.com, other.example',
    });
    try {
      await expect.poll(() => lines.find((line) => typeof line.url === 'string')).toBeDefined();
      const url = lines.find((line) => typeof line.url === 'string')?.url as string;
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(JSON.stringify(lines)).not.toContain('key-main');
      const sandbox = { url, apiKey: 'key-main' } as Parameters<typeof send>[0];

      expect((await send(sandbox)).status).toBe(200);
      expect((await send(sandbox, undefined, { domain: 'nope.example' })).status).toBe(404);
      expect((await send(sandbox, undefined, { key: 'key-sandbox' })).status).toBe(401);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toEqual([0, null]);
  });

  it('posts signed webhooks to SANDBOX_WEBHOOK_URL on the SANDBOX_WEBHOOK_* settings', async () => {
    const all = await useReceiver();
    const bounces = await useReceiver();
    const { child, lines, exited } = run({
      SANDBOX_PORT: '0',
      SANDBOX_WEBHOOK_URL: all.url,
      SANDBOX_WEBHOOK_URL_PERMANENT_FAIL: `${bounces.url}, ${all.url}`,
      SANDBOX_WEBHOOK_SIGNING_KEY: 'whsec-main-secret',
      SANDBOX_WEBHOOK_RETRY_SCHEDULE_MS: '10, 20',
    });
    try {
      await expect.poll(() => lines.find((line) => typeof line.url === 'string')).toBeDefined();
      const ready = lines.find((line) => typeof line.url === 'string') as Record<string, unknown>;
      expect(ready.webhooks).toEqual([
        'delivered',
        'permanent_fail',
        'temporary_fail',
        'complained',
        'unsubscribed',
      ]);
      const sandbox = { url: ready.url, apiKey: 'key-sandbox' } as Parameters<typeof send>[0];

      expect((await send(sandbox)).status).toBe(200);
      expect((await send(sandbox, [['to', 'bounce@example.com'], ...base()])).status).toBe(200);

      await expect.poll(() => all.received).toHaveLength(2);
      await expect.poll(() => bounces.received).toHaveLength(1);
      const bodies = [...all.received, ...bounces.received].map(({ body }) => body);
      expect(bodies.every((body) => signatureIsValid('whsec-main-secret', body))).toBe(true);
      expect(bodies.map((body) => body['event-data'].event).sort()).toEqual([
        'delivered',
        'failed',
        'failed',
      ]);
      expect(JSON.stringify(lines)).not.toContain('whsec-main-secret');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toEqual([0, null]);
  });

  it.each<Record<string, string>>([
    { SANDBOX_PORT: 'eighty' },
    { SANDBOX_WEBHOOK_RETRY_SCHEDULE_MS: '1s,2s' },
    { SANDBOX_WEBHOOK_URL: 'ftp://example.com/hook' },
    { SANDBOX_ADDRESS_RULES: 'maybe' },
  ])('refuses the invalid environment %j with exit code 1', async (env) => {
    const { lines, exited } = run({ SANDBOX_PORT: '0', ...env });

    expect((await exited)[0]).toBe(1);
    expect(lines.at(-1)).toMatchObject({ level: 60, msg: 'mailgun sandbox failed to start' });
  });
});
