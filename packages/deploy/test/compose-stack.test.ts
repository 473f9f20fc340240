import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolveKafkaImage, resolvePostgresImage } from '@fluentmeet/testkit';
import { afterAll, beforeAll, describe, expect, it, onTestFailed, vi } from 'vitest';
import {
  composeProject,
  docker,
  ensureAppImages,
  healthStatus,
  type ComposeProject,
} from '../src/index.js';

// The production-shaped stack of infra/compose, from the images .ci/run built:
// three brokers, PostgreSQL, two API instances, two workers, the sandbox. 1,000
// signups go to both APIs; while they are in flight one broker and one worker
// are SIGKILLed and the worker is started again. Every email must arrive, none
// dead-lettered; duplicates are counted and reported. Host ports are Docker's
// choice, the project name is unique, and the stack always goes down with -v.
const SIGNUPS = 1_000;
const CONCURRENCY = 8;
/** Signups accepted before the kills, so that most are still ahead of them. */
const KILL_AFTER = 300;
const SERVICES = ['api-1', 'api-2', 'email-worker', 'mailgun-sandbox'] as const;
const PROBE = readFileSync(new URL('./stack-probe.cjs', import.meta.url), 'utf8');
const LOG_FILE = new URL('../test-results/compose-stack.log', import.meta.url);

interface Probe {
  replicas: number;
  minIsr: number[];
  produced: number;
  lag: number;
  retry: number;
  dlq: number;
}

const elapsed = (since: number) => Math.round(performance.now() - since);
const seconds = (ms: number | undefined) =>
  ms === undefined ? 'n/a' : `${(ms / 1000).toFixed(1)} s`;

/** Runs `task` for every item, at most `limit` at a time; rejects on the first failure. */
async function pool<T>(items: T[], limit: number, task: (item: T) => Promise<void>) {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await task(items[next++]!);
  };
  await Promise.all(Array.from({ length: limit }, lane));
}

describe('the compose stack (infra/compose): 1,000 signups through a broker and a worker SIGKILL', () => {
  const name = `fmstack-${randomUUID().slice(0, 8)}`;
  const timings: Record<string, number> = {};
  const figures = { sent: 0, captured: 0, lost: 0, duplicates: 0, deadLettered: 0, produced: 0 };
  const apis: string[] = [];
  let sandbox = '';
  let stack: ComposeProject | undefined;
  let upStarted = 0;
  let isDown = false;
  let failed = false;

  const recipients = Array.from({ length: SIGNUPS }, (_, i) => `stack-${name}-${i}@example.com`);

  const probe = async (): Promise<Probe> => {
    const [worker] = await stack!.containers('email-worker');
    return JSON.parse(await docker('exec', worker!, 'node', '-e', PROBE)) as Probe;
  };

  /** Messages the sandbox holds for our recipients: all of them, and distinct recipients. */
  const inbox = async () => {
    const response = await fetch(`http://${sandbox}/api/messages?limit=${SIGNUPS * 5}`);
    const { items } = (await response.json()) as { items: { to: string[] }[] };
    const ours = new Set(recipients);
    const to = items.flatMap((message) => message.to).filter((address) => ours.has(address));
    const seen = new Set(to);
    return {
      total: to.length,
      unique: seen.size,
      missing: recipients.filter((address) => !seen.has(address)),
    };
  };

  /** On a failure: the whole log of the stack to test-results/, its tail to the output. */
  const keepLogs = async () => {
    if (!failed || stack === undefined) return;
    const logs = await stack.compose('logs', '--no-color', '--timestamps').catch(String);
    mkdirSync(new URL('../test-results/', import.meta.url), { recursive: true });
    writeFileSync(LOG_FILE, logs);
    console.log(`${logs.split('\n').slice(-80).join('\n')}\n(whole log: ${LOG_FILE.pathname})`);
  };

  const capturedCount = async () => {
    const response = await fetch(`http://${sandbox}/api/messages/count`);
    return ((await response.json()) as { count: number }).count;
  };

  beforeAll(async () => {
    let started = performance.now();
    await ensureAppImages();
    timings.build = elapsed(started);
    stack = await composeProject(name, {
      KAFKA_IMAGE: await resolveKafkaImage(),
      POSTGRES_IMAGE: await resolvePostgresImage(),
      // Empty: Docker picks free host ports (read back with `port`).
      API_1_PORT: '',
      API_2_PORT: '',
      SANDBOX_PORT: '',
      // Every signup comes from this one address.
      RATE_LIMIT_IP_MAX: String(SIGNUPS * 10),
      KAFKA_HEAP_OPTS: '-Xmx384m -Xms384m',
    });
    try {
      upStarted = started = performance.now();
      await stack.compose('up', '-d');
      for (const service of SERVICES) {
        for (const id of await stack.containers(service)) {
          await vi.waitFor(
            async () => {
              const status = await healthStatus(id);
              if (status !== 'healthy')
                throw new Error(`${service} ${id.slice(0, 12)} is ${status}`);
            },
            { timeout: 180_000, interval: 500 },
          );
        }
      }
      timings.startup = elapsed(started);
      apis.push(await stack.port('api-1', 3000), await stack.port('api-2', 3000));
      sandbox = await stack.port('mailgun-sandbox', 8025);
    } catch (error) {
      failed = true; // afterAll keeps the stack's log
      throw error;
    }
  }, 600_000);

  afterAll(async () => {
    if (stack !== undefined && !isDown) {
      await keepLogs();
      await stack.compose('down', '-v', '--remove-orphans').catch((error: unknown) => {
        console.error(error);
      });
    }
    const { sent, captured, lost, duplicates, deadLettered, produced } = figures;
    console.log(
      [
        `[stack ${name}] sent ${sent}, captured ${captured}, lost ${lost}, duplicates ${duplicates}, dead-lettered ${deadLettered} (records on the work topic: ${produced})`,
        `[stack ${name}] build ${seconds(timings.build)}, start-up ${seconds(timings.startup)}, up to first email ${seconds(timings.firstEmail)}, run ${seconds(timings.run)}, teardown ${seconds(timings.teardown)}`,
      ].join('\n'),
    );
  }, 180_000);

  it('creates the four topics at replication 3 with min.insync.replicas 2, by the one-shot kafka-topics', async () => {
    onTestFailed(() => void (failed = true));
    const logs = await stack!.compose('logs', '--no-color', 'kafka-topics');
    expect(logs.match(/created\s+\S+ \(12 partitions, replication 3\)/g)).toHaveLength(4);
    const { replicas, minIsr } = await probe();
    expect({ replicas, minIsr }).toEqual({ replicas: 3, minIsr: [2, 2, 2, 2] });
  });

  it('captures every verification email, none dead-lettered, with a broker and a worker SIGKILLed mid-run', async () => {
    onTestFailed(() => void (failed = true));
    const started = performance.now();
    const sending = pool([...recipients.keys()], CONCURRENCY, async (i) => {
      const response = await fetch(`http://${apis[i % apis.length]}/api/v1/auth/signup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: recipients[i], password: 'correct horse battery staple' }),
      });
      if (response.status !== 202) {
        throw new Error(`signup ${i} answered ${response.status}: ${await response.text()}`);
      }
      figures.sent += 1;
    });
    let sendError: Error | undefined;
    sending.catch((error: unknown) => {
      sendError = error instanceof Error ? error : new Error(String(error));
    });
    const sentSoFar = () => {
      if (sendError !== undefined) throw sendError;
      return figures.sent;
    };

    await expect.poll(capturedCount, { timeout: 120_000, interval: 100 }).toBeGreaterThan(0);
    timings.firstEmail = elapsed(upStarted);
    await expect
      .poll(sentSoFar, { timeout: 120_000, interval: 100 })
      .toBeGreaterThanOrEqual(KILL_AFTER);

    // One broker (it stays down) and one worker, SIGKILL, while signups still arrive.
    const [broker] = await stack!.containers('kafka-2');
    const workers = await stack!.containers('email-worker');
    expect(workers).toHaveLength(2);
    const victim = workers[1]!;
    await Promise.all([
      docker('kill', '--signal', 'KILL', broker!),
      docker('kill', '--signal', 'KILL', victim),
    ]);
    expect(figures.sent).toBeLessThan(SIGNUPS);
    await expect
      .poll(() => docker('inspect', '--format', '{{.State.Running}}', victim))
      .toBe('false');
    await docker('start', victim);

    await sending;
    expect(figures.sent).toBe(SIGNUPS);
    // Every email captured, then everything committed: nothing is left to deliver (again).
    await vi
      .waitFor(
        async () => {
          const { unique } = await inbox();
          if (unique < SIGNUPS) throw new Error(`${unique} of ${SIGNUPS} captured`);
          const { lag } = await probe();
          if (lag > 0) throw new Error(`consumer lag ${lag}`);
        },
        { timeout: 240_000, interval: 1_000 },
      )
      .catch((error: unknown) => console.log(`[stack ${name}] not settled: ${String(error)}`));
    timings.run = elapsed(started);

    const { total, unique, missing } = await inbox();
    const { dlq, produced, lag, retry } = await probe();
    Object.assign(figures, {
      captured: unique,
      lost: SIGNUPS - unique,
      duplicates: total - unique,
      deadLettered: dlq,
      produced,
    });
    expect(
      { ...figures, lag, missing: missing.slice(0, 5) },
      `${name}: records on the retry topic ${retry}`,
    ).toMatchObject({
      sent: SIGNUPS,
      captured: SIGNUPS,
      lost: 0,
      deadLettered: 0,
      lag: 0,
      missing: [],
    });
    await expect
      .poll(() => healthStatus(victim), { timeout: 60_000, interval: 500 })
      .toBe('healthy');
  }, 480_000);

  it('comes down clean: down -v leaves no container, network or volume', async () => {
    onTestFailed(() => void (failed = true));
    await keepLogs();
    const started = performance.now();
    await stack!.compose('down', '-v', '--remove-orphans');
    isDown = true;
    timings.teardown = elapsed(started);
    const label = `label=com.docker.compose.project=${name}`;
    expect(await docker('ps', '-aq', '--filter', label)).toBe('');
    expect(await docker('network', 'ls', '-q', '--filter', label)).toBe('');
    expect(await docker('volume', 'ls', '-q', '--filter', label)).toBe('');
  }, 180_000);
});
