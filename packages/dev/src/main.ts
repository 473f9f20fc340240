// `pnpm dev`: the whole system on embedded defaults, one command, Ctrl-C stops it all.
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { WORKER_NODE_OPTIONS } from '@fluentmeet/email-worker';
import { startKafka, type KafkaHandle } from '@fluentmeet/testkit';
import { startProcess, waitForHttp, type ManagedProcess } from './child-process.js';

const packages = fileURLToPath(new URL('../../', import.meta.url));
const script = (path: string) => `${packages}${path}`;
const env = process.env;
const log = (message: string) => process.stdout.write(`[dev]     ${message}\n`);

const apiPort = env.API_PORT ?? '3000';
const sandboxPort = env.SANDBOX_PORT ?? '8025';
const workerHealthPort = env.HEALTH_PORT ?? '9464';
const apiUrl = `http://localhost:${apiPort}`;

let kafka: KafkaHandle | undefined;
const processes: ManagedProcess[] = [];
let stopping = false;

let shuttingDown: Promise<void> | undefined;

/** Stops everything once; a second Ctrl-C exits at once. */
function shutdown(code: number): Promise<void> {
  shuttingDown ??= (async () => {
    stopping = true;
    log('stopping ...');
    // The API and the worker first (they drain into Kafka and Mailgun), then the rest.
    for (const name of ['api', 'worker', 'sandbox']) {
      await processes.find((p) => p.name === name)?.stop();
    }
    if (kafka !== undefined) {
      log('stopping Kafka container');
      await kafka.stop();
    }
    log('stopped');
    process.exit(code);
  })();
  return shuttingDown;
}

function onSignal(): void {
  if (stopping) process.exit(130);
  void shutdown(0);
}

async function main(): Promise<void> {
  // When a wrapper (pnpm, turbo) exits first on Ctrl-C, our output pipe breaks;
  // that must not stop the shutdown half-way.
  process.stdout.on('error', () => undefined);
  process.stderr.on('error', () => undefined);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  let brokers = env.KAFKA_BROKERS;
  if (!brokers) {
    log('starting Kafka (Testcontainers) ...');
    kafka = await startKafka();
    brokers = kafka.brokers.join(',');
    log(`Kafka ${kafka.image} at ${brokers}`);
  }
  const common = { KAFKA_BROKERS: brokers, LOG_LEVEL: env.LOG_LEVEL ?? 'info' };

  const topics = await promisify(execFile)(
    process.execPath,
    [script('email-worker/dist/topics/cli.js')],
    {
      env: { ...env, ...common },
    },
  );
  for (const line of topics.stdout.trim().split('\n')) log(`topic ${line}`);

  const mailgun: Record<string, string> = {};
  if (!env.MAILGUN_API_KEY) {
    const sandbox = startProcess(
      'sandbox',
      script('mailgun-sandbox/dist/main.js'),
      { SANDBOX_PORT: sandboxPort, SANDBOX_API_KEY: 'key-sandbox' },
      'magenta',
    );
    processes.push(sandbox);
    Object.assign(mailgun, {
      MAILGUN_API_KEY: 'key-sandbox',
      MAILGUN_DOMAIN: env.MAILGUN_DOMAIN ?? 'sandbox.fluentmeet.local',
      MAILGUN_BASE_URL: `http://127.0.0.1:${sandboxPort}`,
    });
    await waitForHttp(`http://127.0.0.1:${sandboxPort}/api/messages/count`, 30_000, sandbox.exited);
  } else {
    log(`using the real Mailgun at ${env.MAILGUN_BASE_URL ?? 'https://api.mailgun.net'}`);
  }

  const databasePath = env.DATABASE_PATH ?? `${packages}../data/fluentmeet-dev.db`;
  mkdirSync(dirname(databasePath), { recursive: true });
  const api = startProcess(
    'api',
    script('api/dist/server.js'),
    {
      ...common,
      PORT: apiPort,
      PUBLIC_APP_URL: env.PUBLIC_APP_URL ?? apiUrl,
      DATABASE_PATH: databasePath,
    },
    'cyan',
    // kafkajs 2.2.4 arms a negative timer on Node 24 (tulios/kafkajs#1751): harmless noise.
    ['--disable-warning=TimeoutNegativeWarning'],
  );
  const worker = startProcess(
    'worker',
    script('email-worker/dist/main.js'),
    { ...common, ...mailgun, HEALTH_PORT: workerHealthPort },
    'yellow',
    WORKER_NODE_OPTIONS.split(' '),
  );
  processes.push(api, worker);
  for (const child of processes) {
    void child.exited.then((code) => {
      if (!stopping) {
        log(`${child.name} exited (${code}); stopping everything`);
        void shutdown(1);
      }
    });
  }

  await Promise.all([
    waitForHttp(`${apiUrl}/health/ready`, 60_000, api.exited),
    waitForHttp(`http://127.0.0.1:${workerHealthPort}/health/ready`, 90_000, worker.exited),
  ]);
  log(`API        ${apiUrl}/api/v1/auth`);
  log(`API docs   ${apiUrl}/docs`);
  if (!env.MAILGUN_API_KEY) log(`Inbox      http://localhost:${sandboxPort}/`);
  log(`Worker     http://localhost:${workerHealthPort}/metrics`);
  log('ready: FluentMeet email pipeline is running (Ctrl-C stops everything)');
}

main().catch(async (error: unknown) => {
  log(`failed: ${error instanceof Error ? error.message : String(error)}`);
  await shutdown(1);
});
