import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { send } from './helpers.js';

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

  it('refuses an invalid environment with exit code 1', async () => {
    const { lines, exited } = run({ SANDBOX_PORT: 'eighty' });

    expect((await exited)[0]).toBe(1);
    expect(lines.at(-1)).toMatchObject({ level: 60, msg: 'mailgun sandbox failed to start' });
  });
});
