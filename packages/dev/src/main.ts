// `pnpm dev`: the whole system on embedded defaults, one command, Ctrl-C stops it all.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WORKER_NODE_OPTIONS } from '@fluentmeet/email-worker';
import {
  runNode,
  startKafka,
  waitForHttp,
  type KafkaHandle,
  type NodeProcess,
} from '@fluentmeet/testkit';
import { prefixedOutput } from './prefixed-output.js';

/** A package's runnable entry point (its package.json `exports`). */
const entry = (specifier: string) => fileURLToPath(import.meta.resolve(specifier));
const repo = fileURLToPath(new URL('../../../', import.meta.url));
const env = process.env;
const log = (message: string) => process.stdout.write(`[dev]     ${message}\n`);

const apiPort = env.API_PORT ?? '3000';
const sandboxPort = env.SANDBOX_PORT ?? '8025';
const workerHealthPort = env.HEALTH_PORT ?? '9464';
const apiUrl = `http://localhost:${apiPort}`;
// Development values only: the sandbox signs its webhooks with this key, and the
// operator endpoints and /metrics take this token (override either in the environment).
const webhookSigningKey = env.MAILGUN_WEBHOOK_SIGNING_KEY || 'dev-webhook-signing-key';
const operatorToken = env.OPERATOR_TOKEN || 'dev-operator-token-not-for-production';

let kafka: KafkaHandle | undefined;
const processes: NodeProcess[] = [];
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

/**
 * Starts a package's entry point in its own process group (Ctrl-C in the terminal
 * reaches only the dev runner, which stops each process once, in order: a second
 * signal would make the worker skip its graceful drain), its output prefixed.
 */
function start(
  name: string,
  specifier: string,
  color: Parameters<typeof prefixedOutput>[1],
  env: Record<string, string | undefined>,
  nodeArgs: string[] = [],
): NodeProcess {
  return runNode({
    name,
    script: entry(specifier),
    env,
    nodeArgs,
    detached: true,
    onLine: prefixedOutput(name, color),
  });
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

  const topics = runNode({
    name: 'topics',
    script: entry('@fluentmeet/email-worker/kafka-topics'),
    env: common,
    onLine: (line) => log(`topic ${line}`),
  });
  const topicsExit = await topics.exited;
  if (topicsExit !== 0) throw new Error(`kafka:topics exited (${topicsExit})`);

  const mailgun: Record<string, string> = {};
  if (!env.MAILGUN_API_KEY) {
    const sandbox = start('sandbox', '@fluentmeet/mailgun-sandbox/main', 'magenta', {
      SANDBOX_PORT: sandboxPort,
      SANDBOX_API_KEY: 'key-sandbox',
      // Mailgun's side of the loop: every outcome and `accepted`, signed, to the API.
      SANDBOX_WEBHOOK_URL: `http://127.0.0.1:${apiPort}/api/v1/webhooks/mailgun`,
      SANDBOX_WEBHOOK_URL_ACCEPTED: `http://127.0.0.1:${apiPort}/api/v1/webhooks/mailgun`,
      SANDBOX_WEBHOOK_SIGNING_KEY: webhookSigningKey,
    });
    processes.push(sandbox);
    Object.assign(mailgun, {
      MAILGUN_API_KEY: 'key-sandbox',
      MAILGUN_DOMAIN: env.MAILGUN_DOMAIN ?? 'sandbox.fluentmeet.local',
      MAILGUN_BASE_URL: `http://127.0.0.1:${sandboxPort}`,
    });
    await waitForHttp(`http://127.0.0.1:${sandboxPort}/api/messages/count`, {
      timeoutMs: 30_000,
      process: sandbox,
    });
  } else {
    log(`using the real Mailgun at ${env.MAILGUN_BASE_URL ?? 'https://api.mailgun.net'}`);
  }

  const databasePath = env.DATABASE_PATH ?? `${repo}data/fluentmeet-dev.db`;
  mkdirSync(dirname(databasePath), { recursive: true });
  const api = start('api', '@fluentmeet/api/server', 'cyan', {
    ...common,
    PORT: apiPort,
    PUBLIC_APP_URL: env.PUBLIC_APP_URL ?? apiUrl,
    DATABASE_PATH: databasePath,
    MAILGUN_WEBHOOK_SIGNING_KEY: webhookSigningKey,
    OPERATOR_TOKEN: operatorToken,
  });
  const worker = start(
    'worker',
    '@fluentmeet/email-worker/main',
    'yellow',
    { ...common, ...mailgun, HEALTH_PORT: workerHealthPort },
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
    waitForHttp(`${apiUrl}/health/ready`, { timeoutMs: 60_000, process: api }),
    waitForHttp(`http://127.0.0.1:${workerHealthPort}/health/ready`, {
      timeoutMs: 90_000,
      process: worker,
    }),
  ]);
  log(`API        ${apiUrl}/api/v1/auth`);
  log(`API docs   ${apiUrl}/docs`);
  log(`Webhooks   ${apiUrl}/api/v1/webhooks/mailgun (signing key: MAILGUN_WEBHOOK_SIGNING_KEY)`);
  log(
    `Operator   ${apiUrl}/api/v1/operator/emails/<envelope id> (Authorization: Bearer $OPERATOR_TOKEN)`,
  );
  if (!env.MAILGUN_API_KEY) log(`Inbox      http://localhost:${sandboxPort}/`);
  log(`Worker     http://localhost:${workerHealthPort}/metrics`);
  log('ready: FluentMeet email pipeline is running (Ctrl-C stops everything)');
}

main().catch(async (error: unknown) => {
  log(`failed: ${error instanceof Error ? error.message : String(error)}`);
  await shutdown(1);
});
