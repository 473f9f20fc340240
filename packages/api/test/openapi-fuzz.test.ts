// Property-based test of the whole HTTP surface, driven by the app's own OpenAPI
// document: Schemathesis (PyPI; `.ci/run` installs it, see the API README) generates
// valid and invalid requests for every operation and checks each answer against the
// document: status declared, body matching its schema, 4xx for invalid input,
// 405 with Allow for methods a path does not have, and never a 5xx.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { build } from './helpers/build.js';

/** Where scripts/install-schemathesis.sh puts it, else the one on PATH. */
const SCHEMATHESIS =
  process.env.SCHEMATHESIS ??
  (existsSync('/opt/schemathesis/bin/schemathesis')
    ? '/opt/schemathesis/bin/schemathesis'
    : 'schemathesis');
const CONFIG = fileURLToPath(new URL('fuzz/schemathesis.toml', import.meta.url));
/** Fixed, so that a run is repeatable; FUZZ_SEED explores other inputs. */
const SEED = process.env.FUZZ_SEED ?? '13';
const MIN_REQUESTS = 1000;
const OPERATOR_TOKEN = randomBytes(24).toString('hex');

interface Run {
  code: number | null;
  output: string;
}

function run(command: string, args: string[], cwd: string, timeoutMs: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1', PYTHONUNBUFFERED: '1' },
      timeout: timeoutMs,
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT'
          ? new Error(
              `${command} not found: install Schemathesis (bash packages/api/scripts/install-schemathesis.sh) or set SCHEMATHESIS to its path`,
            )
          : error,
      ),
    );
    child.once('close', (code) => resolve({ code, output }));
  });
}

describe('the OpenAPI document, fuzzed against the real app and database', () => {
  it(
    `answers ≥ ${MIN_REQUESTS} generated requests with no 5xx and nothing the document does not declare`,
    { timeout: 180_000 },
    async () => {
      const scratch = mkdtempSync(join(tmpdir(), 'fluentmeet-fuzz-'));
      onTestFinished(() => rmSync(scratch, { recursive: true, force: true }));
      const { app, logs } = await build({
        env: {
          DATABASE_PATH: join(scratch, 'fuzz.db'),
          // The limiter would answer most generated requests with 429 and hide the rest.
          RATE_LIMIT_IP_MAX: 1_000_000,
          RATE_LIMIT_ADDRESS_MAX: 1_000_000,
          RATE_LIMIT_WEBHOOK_MAX: 1_000_000,
          OPERATOR_TOKEN,
          MAILGUN_WEBHOOK_SIGNING_KEY: randomBytes(24).toString('hex'),
        },
      });
      const origin = await app.listen({ port: 0, host: '127.0.0.1' });
      const junit = join(scratch, 'junit.xml');

      const result = await run(
        SCHEMATHESIS,
        [
          '--config-file',
          CONFIG,
          'run',
          `${origin}/docs/json`,
          '--url',
          origin,
          // The operator endpoints' credentials; the other routes ignore them.
          '--header',
          `Authorization: Bearer ${OPERATOR_TOKEN}`,
          '--checks',
          'all',
          '--phases',
          'examples,coverage,fuzzing',
          '--seed',
          SEED,
          '--workers',
          '2',
          '--request-timeout',
          '10',
          '--report',
          'junit',
          '--report-junit-path',
          junit,
          '--no-color',
        ],
        scratch,
        150_000,
      );

      // Counted by the server: every generated request it answered (the document's fetches aside).
      const entries = logs.entries();
      const generated = new Set(
        entries
          .filter((entry) => entry.msg === 'incoming request')
          .filter((entry) => !(entry.req as { url: string }).url.startsWith('/docs'))
          .map((entry) => entry.reqId),
      );
      const completed = entries
        .filter((entry) => entry.msg === 'request completed' && generated.has(entry.reqId))
        .map((entry) => (entry.res as { statusCode: number }).statusCode);
      const serverErrors = completed.filter((status) => status >= 500).length;
      const summary = result.output.split('\n').slice(-40).join('\n');
      console.info(
        `openapi fuzz: ${completed.length} requests, ${serverErrors} server errors, schemathesis exit ${result.code}\n${summary}`,
      );
      expect(readFileSync(junit, 'utf8')).toContain('<testsuite');
      expect(serverErrors, result.output).toBe(0);
      expect(result.code, result.output).toBe(0);
      expect(completed.length).toBeGreaterThanOrEqual(MIN_REQUESTS);
    },
  );
});
