// A clean `pnpm dev` start on a broker of its own, fresh as on every developer's first
// run: kafkajs waits for the group coordinator and the partition leaders, which is
// normal and must not read as an ERROR line (one means that someone must act).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@fluentmeet/testkit';
import { describe, expect, it, onTestFinished, vi } from 'vitest';

const runner = fileURLToPath(new URL('../dist/main.js', import.meta.url));

/** Lines the runner prefixed: the pipeline's processes and (as `[dev] topic`) kafka:topics. */
function processLines(output: string): string[] {
  return output.split('\n').filter((line) => /^\[(api|worker|sandbox|dev)\]/.test(line));
}

describe('pnpm dev on a fresh broker', () => {
  it(
    'starts, delivers a sign-up email and stops: no error-level line, no TimeoutNegativeWarning',
    { timeout: 180_000 },
    async () => {
      const scratch = mkdtempSync(join(tmpdir(), 'fluentmeet-clean-'));
      const [apiPort, sandboxPort, healthPort] = [
        await freePort(),
        await freePort(),
        await freePort(),
      ];
      const { KAFKA_BROKERS: _shared, ...inherited } = process.env;
      const dev = spawn(process.execPath, [runner], {
        env: {
          ...inherited,
          API_PORT: String(apiPort),
          SANDBOX_PORT: String(sandboxPort),
          HEALTH_PORT: String(healthPort),
          DATABASE_PATH: join(scratch, 'dev.db'),
          MAILGUN_API_KEY: '',
          LOG_LEVEL: 'info',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      dev.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      dev.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => dev.once('exit', resolve));
      onTestFinished(async () => {
        if (dev.exitCode === null) {
          dev.kill('SIGTERM');
          await exited;
        }
        rmSync(scratch, { recursive: true, force: true });
      });

      await vi.waitFor(
        () => {
          if (dev.exitCode !== null) throw new Error(`pnpm dev exited early:\n${output}`);
          if (!output.includes('ready:')) throw new Error('pnpm dev is not ready yet');
        },
        { timeout: 120_000, interval: 200 },
      );
      const signup = await fetch(`http://localhost:${apiPort}/api/v1/auth/signup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          email: 'clean-start@example.com',
          password: 'correct horse battery',
        }),
      });
      expect(signup.status).toBe(202);
      await expect
        .poll(
          async () => {
            const response = await fetch(`http://127.0.0.1:${sandboxPort}/api/messages/count`);
            return ((await response.json()) as { count: number }).count;
          },
          { timeout: 30_000 },
        )
        .toBe(1);
      dev.kill('SIGTERM');
      expect(await exited).toBe(0);

      expect(output).toContain('[dev]     topic created');
      const lines = processLines(output);
      expect(lines.filter((line) => /\b(ERROR|FATAL)\b/.test(line))).toEqual([]);
      // The runner's own kafkajs client (the testkit's broker probe) is not one of them.
      expect(lines.filter((line) => line.includes('TimeoutNegativeWarning'))).toEqual([]);
    },
  );
});
