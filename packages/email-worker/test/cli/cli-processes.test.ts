import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import { randomName } from '@fluentmeet/testkit';
import { produceRaw, rawRecord } from '../helpers.js';

const brokers = inject('kafkaBrokers');

/** Runs a built CLI of the worker (`dist/cli/<name>.js`) as its own process, as pnpm does. */
function runCli(name: string, args: string[], env: Record<string, string>) {
  const result = spawnSync(
    process.execPath,
    [fileURLToPath(new URL(`../../dist/cli/${name}.js`, import.meta.url)), ...args],
    { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 60_000 },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the worker CLIs as processes', () => {
  it('kafka:topics and dlq:replay print no TimeoutNegativeWarning and no error line', async () => {
    const base = randomName('cli');
    const env = {
      KAFKA_BROKERS: brokers.join(','),
      EMAIL_TOPIC: `${base}.email`,
      RETRY_TOPIC: `${base}.retry`,
      DLQ_TOPIC: `${base}.dlq`,
      SUPPRESSIONS_TOPIC: `${base}.suppressions`,
      KAFKA_TOPIC_PARTITIONS: '2',
      LOG_LEVEL: 'info',
    };

    const topics = runCli('kafka-topics', [], env);
    expect(topics).toMatchObject({ status: 0, stderr: '' });
    expect(topics.stdout).toContain(`created ${base}.dlq`);

    await produceRaw(brokers, env.DLQ_TOPIC, [rawRecord(1)]);
    const replay = runCli('dlq-replay', ['--dry-run'], env);
    expect(replay).toMatchObject({ status: 0, stderr: '' });
    // stdout: its log lines (one JSON object each, warnings allowed), then the report.
    const lines = replay.stdout.split('\n');
    const logs = lines.filter((line) => line.startsWith('{"level"'));
    const report = lines.filter((line) => !line.startsWith('{"level"')).join('\n');
    expect(logs.filter((line) => /^\{"level":(50|60)\b/.test(line))).toEqual([]);
    expect(JSON.parse(report)).toMatchObject({ scanned: 1 });
  });
});
