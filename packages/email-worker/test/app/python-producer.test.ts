import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';
import { parseEnvelope } from '@fluentmeet/email-contracts';
import {
  makeTopics,
  produceRaw,
  sandboxFor,
  startWorkerFromEnv,
  topicSize,
  workerEnv,
} from '../helpers.js';

const brokers = inject('kafkaBrokers');
const run = promisify(execFile);

// The virtual environment scripts/install-py-jsonschema.sh makes (.ci/run runs it).
const PYTHON = process.env.PY_JSONSCHEMA ?? '/opt/py-jsonschema/bin/python';
const SCRIPT = fileURLToPath(new URL('../python/produce_envelope.py', import.meta.url));
// The JSON Schema as published next to the AsyncAPI document.
const SCHEMA = fileURLToPath(
  new URL('../../../../infra/asyncapi/email-envelope.v1.schema.json', import.meta.url),
);

interface PythonOutput {
  jsonschema: string;
  record: { key: string; value: string; headers: Record<string, string> };
  rejected: Record<string, { path: string; message: string } | null>;
}

describe('an envelope written by a Python service', () => {
  it('validates with jsonschema against the published JSON Schema, and the worker delivers it', async () => {
    expect(
      existsSync(PYTHON),
      `${PYTHON} is missing: run bash packages/email-worker/scripts/install-py-jsonschema.sh`,
    ).toBe(true);
    const { stdout } = await run(PYTHON, [SCRIPT, SCHEMA, 'py@example.com'], {
      env: { PATH: process.env.PATH ?? '', PYTHONIOENCODING: 'utf-8' },
    });
    const output = JSON.parse(stdout) as PythonOutput;
    expect(output.jsonschema).toMatch(/^4\./);
    // The schema refuses what the contract refuses, in Python too.
    expect(output.rejected).toEqual({
      too_large: { path: '$.html', message: expect.stringContaining('is too long') as unknown },
      no_subject: expect.objectContaining({ path: '$' }) as unknown,
      mixed: expect.objectContaining({ path: '$' }) as unknown,
      bad_created_at: expect.objectContaining({ path: '$' }) as unknown,
    });
    // What Python validated is what the TypeScript contract accepts.
    const envelope = parseEnvelope(output.record.value);
    if (envelope.template !== 'custom')
      throw new Error(`not a custom envelope: ${envelope.template}`);

    const topics = await makeTopics(brokers, 1);
    const sandbox = await sandboxFor();
    await startWorkerFromEnv(workerEnv(brokers, sandbox, topics));
    // The record exactly as the Python producer described it: key, JSON bytes, headers.
    await produceRaw(brokers, topics.email, [output.record]);

    await expect.poll(() => sandbox.count(), { timeout: 15_000 }).toBe(1);
    const [message] = sandbox.messages();
    expect(message!.envelopeId).toBe(envelope.id);
    expect(message!.to).toEqual(['py@example.com']);
    expect(message!.subject).toBe('Your recording of “Weekly sync” is ready');
    expect(message!.html).toBe(envelope.html);
    expect(message!.text).toContain('Hello from Python & friends — Ada 👩‍💻');
    expect(message!.text).toContain('Watch it [https://app.fluentmeet.test/recordings/7]');
    expect(await topicSize(brokers, topics.dlq)).toBe(0);
  });
});
