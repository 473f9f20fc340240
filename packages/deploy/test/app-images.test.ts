import {
  freePort,
  randomName,
  startKafka,
  startReaper,
  type KafkaHandle,
} from '@fluentmeet/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APP_IMAGES,
  containerLogs,
  docker,
  ensureAppImages,
  healthStatus,
  imageName,
} from '../src/index.js';

// The containers share the host's network, so that the testkit's broker (which
// advertises localhost:<port>) and loopback-only test traffic work unchanged;
// bridge networking is the compose stack's business. Their root filesystems are
// read-only, as in the Kubernetes manifests (the api's SQLite directory is a tmpfs).
describe('the api, email-worker and mailgun-sandbox images', () => {
  let kafka: KafkaHandle;
  const started: string[] = [];
  const ports = { api: 0, sandbox: 0, health: 0 };
  const topics = { email: randomName('email'), retry: randomName('retry'), dlq: randomName('dlq') };
  const containers = { api: '', worker: '', sandbox: '' };

  async function start(image: string, env: Record<string, string>, ...extra: string[]) {
    const flags = Object.entries(env).flatMap(([name, value]) => ['-e', `${name}=${value}`]);
    const name = randomName('fluentmeet-image-test');
    const id = await docker(
      'run',
      '-d',
      '--name',
      name,
      '--network',
      'host',
      '--label',
      'com.fluentmeet.role=image-test',
      '--read-only',
      ...extra,
      ...flags,
      image,
    );
    started.push(id);
    startReaper(id);
    return id;
  }

  beforeAll(async () => {
    await ensureAppImages();
    kafka = await startKafka();
    Object.assign(ports, {
      api: await freePort(),
      sandbox: await freePort(),
      health: await freePort(),
    });
    const kafkaEnv = {
      KAFKA_BROKERS: kafka.brokers.join(','),
      EMAIL_TOPIC: topics.email,
      RETRY_TOPIC: topics.retry,
      DLQ_TOPIC: topics.dlq,
    };
    // The Kubernetes Job's command, in the worker image.
    const created = await docker(
      'run',
      '--rm',
      '--network',
      'host',
      ...Object.entries({ ...kafkaEnv, KAFKA_TOPIC_PARTITIONS: '2' }).flatMap(([name, value]) => [
        '-e',
        `${name}=${value}`,
      ]),
      imageName('email-worker'),
      'node',
      'dist/cli/kafka-topics.js',
    );
    expect(created).toMatch(new RegExp(`created\\s+${topics.email}`));

    containers.sandbox = await start(imageName('mailgun-sandbox'), {
      SANDBOX_PORT: String(ports.sandbox),
    });
    containers.worker = await start(imageName('email-worker'), {
      ...kafkaEnv,
      CONSUMER_GROUP: randomName('group'),
      HEALTH_PORT: String(ports.health),
      MAILGUN_API_KEY: 'key-sandbox',
      MAILGUN_DOMAIN: 'sandbox.fluentmeet.local',
      MAILGUN_BASE_URL: `http://127.0.0.1:${ports.sandbox}`,
    });
    containers.api = await start(
      imageName('api'),
      {
        ...kafkaEnv,
        PORT: String(ports.api),
        PUBLIC_APP_URL: 'http://localhost:3000',
      },
      '--tmpfs',
      '/data:rw,uid=1000,gid=1000',
    );
  });

  afterAll(async () => {
    if (started.length > 0) await docker('rm', '-f', '-v', ...started).catch(() => undefined);
    await kafka?.stop();
  });

  it('runs every image as the non-root node user under tini, with no secret in its configuration', async () => {
    for (const image of APP_IMAGES) {
      const config = JSON.parse(
        await docker('image', 'inspect', '--format', '{{json .Config}}', imageName(image)),
      ) as { User: string; Entrypoint: string[]; Env: string[]; Labels: Record<string, string> };
      expect(config.User).toBe('node');
      expect(config.Entrypoint).toEqual(['/usr/local/bin/tini', '--']);
      expect(config.Env.map((entry) => entry.split('=')[0])).not.toContainEqual(
        expect.stringMatching(/KEY|SECRET|PASSWORD|TOKEN|DATABASE_URL/),
      );
      expect(config.Labels['org.opencontainers.image.title']).toBe(`fluentmeet-${image}`);
      expect(config.Labels['org.opencontainers.image.revision']).toMatch(/^[0-9a-f]{40}/);
    }
    for (const id of Object.values(containers)) {
      expect(await docker('exec', id, 'cat', '/proc/1/cmdline')).toMatch(
        /^\/usr\/local\/bin\/tini/,
      );
      const processes = (await docker('top', id, '-o', 'pid,uid')).split('\n').slice(1);
      const uids = processes.map((line) => line.trim().split(/\s+/)[1]);
      expect(uids.length).toBeGreaterThanOrEqual(2); // tini and node
      expect(uids).toEqual(uids.map(() => '1000'));
    }
  });

  it('turns healthy through each HEALTHCHECK', async () => {
    for (const id of Object.values(containers)) {
      await expect.poll(() => healthStatus(id), { timeout: 60_000, interval: 500 }).toBe('healthy');
    }
  });

  it('carries a signup from the api container through the worker container to the sandbox', async () => {
    const email = `${randomName('image')}@example.com`;
    const signup = await fetch(`http://127.0.0.1:${ports.api}/api/v1/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: 'correct horse battery staple' }),
    });
    expect(signup.status).toBe(202);
    await expect
      .poll(
        async () => {
          const response = await fetch(
            `http://127.0.0.1:${ports.sandbox}/api/messages?to=${encodeURIComponent(email)}`,
          );
          return ((await response.json()) as { items: { subject: string }[] }).items.length;
        },
        { timeout: 30_000 },
      )
      .toBe(1);
  });

  it.each([
    ['worker', 'email worker stopped'],
    ['api', '"msg":"stopped"'],
  ] as const)(
    'stops the %s gracefully on docker stop: exit code 0 and its stopped line',
    async (name, line) => {
      const id = containers[name];
      await docker('stop', '--time', '30', id);
      expect(await docker('inspect', '--format', '{{.State.ExitCode}}', id)).toBe('0');
      expect(await containerLogs(id)).toContain(line);
    },
  );
});
