import { createServer } from 'node:net';
import {
  GenericContainer,
  ImageName,
  Wait,
  getContainerRuntimeClient,
  type StartedTestContainer,
} from 'testcontainers';
import { waitForBroker } from './kafka-admin.js';
import { startReaper } from './reaper.js';

/** Kafka version the project is tested with (see infra/kafka/README.md for why). */
export const KAFKA_VERSION = '4.4.0';
/** The official image, used when it is present or can be pulled. */
export const OFFICIAL_KAFKA_IMAGE = `apache/kafka:${KAFKA_VERSION}`;
/** The image infra/kafka/offline-image/build.sh makes without any registry. */
export const OFFLINE_KAFKA_IMAGE = `fluentmeet/kafka-offline:${KAFKA_VERSION}`;

/** The broker's log line once it serves clients (the containers' wait strategy). */
export const KAFKA_STARTED = /Kafka Server started/;

export interface StartKafkaOptions {
  /** Image to run; defaults to `KAFKA_IMAGE`, else the official image, else the offline one. */
  image?: string;
  /** Extra broker settings as `KAFKA_*` environment variables. */
  env?: Record<string, string>;
  startupTimeoutMs?: number;
}

export interface KafkaHandle {
  /** Bootstrap addresses reachable from this machine. */
  readonly brokers: string[];
  readonly image: string;
  /** Stops and removes the container. */
  stop(): Promise<void>;
  /** Stops the broker process but keeps the container (and its data and address). */
  stopBroker(): Promise<void>;
  /** Starts a broker stopped with `stopBroker` and waits until it answers. */
  startBroker(): Promise<void>;
  /** Freezes the broker (connections hang instead of being refused). */
  pauseBroker(): Promise<void>;
  unpauseBroker(): Promise<void>;
}

/** A TCP port that is free on loopback right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not find a free port'));
      });
    });
  });
}

/**
 * Defaults for a local Docker engine: we remove our containers ourselves (and
 * label them for CI), so Ryuk, whose image must be pulled, is not needed; and
 * the engine is on this host, which spares Testcontainers pulling an image just
 * to find out. Both can still be overridden from the environment.
 */
function applyLocalDockerDefaults(): void {
  process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
  process.env.TESTCONTAINERS_HOST_OVERRIDE ??= 'localhost';
}

/** Picks the image: explicit, then KAFKA_IMAGE, then the official image if present locally, else the offline one if present. */
export async function resolveKafkaImage(explicit?: string): Promise<string> {
  applyLocalDockerDefaults();
  const chosen = explicit ?? process.env.KAFKA_IMAGE;
  if (chosen) return chosen;
  const client = await getContainerRuntimeClient();
  if (await client.image.exists(ImageName.fromString(OFFICIAL_KAFKA_IMAGE)))
    return OFFICIAL_KAFKA_IMAGE;
  if (await client.image.exists(ImageName.fromString(OFFLINE_KAFKA_IMAGE)))
    return OFFLINE_KAFKA_IMAGE;
  return OFFICIAL_KAFKA_IMAGE; // Testcontainers will try to pull it.
}

/** Settings shared by the official apache/kafka image and our offline image. */
function brokerEnv(hostPort: number): Record<string, string> {
  return {
    KAFKA_NODE_ID: '1',
    KAFKA_PROCESS_ROLES: 'broker,controller',
    KAFKA_LISTENERS: 'PLAINTEXT://0.0.0.0:9092,BROKER://0.0.0.0:19092,CONTROLLER://0.0.0.0:9093',
    KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://localhost:${hostPort},BROKER://localhost:19092`,
    KAFKA_LISTENER_SECURITY_PROTOCOL_MAP:
      'PLAINTEXT:PLAINTEXT,BROKER:PLAINTEXT,CONTROLLER:PLAINTEXT',
    KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
    KAFKA_INTER_BROKER_LISTENER_NAME: 'BROKER',
    KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
    KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
    KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
    KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
    KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
    KAFKA_NUM_PARTITIONS: '1',
    KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
    KAFKA_HEAP_OPTS: '-Xmx512m -Xms256m',
  };
}

/**
 * Starts a single-node KRaft Kafka in a container and waits until it answers.
 * The host port is bound explicitly so the advertised address survives
 * `stopBroker`/`startBroker`.
 *
 * @example
 * const kafka = await startKafka();
 * // ... use kafka.brokers
 * await kafka.stop();
 */
export async function startKafka(options: StartKafkaOptions = {}): Promise<KafkaHandle> {
  const image = await resolveKafkaImage(options.image);
  const hostPort = await freePort();
  const timeout = options.startupTimeoutMs ?? 120_000;
  let container: StartedTestContainer;
  try {
    container = await new GenericContainer(image)
      .withExposedPorts({ container: 9092, host: hostPort })
      .withEnvironment({ ...brokerEnv(hostPort), ...options.env })
      .withWaitStrategy(Wait.forLogMessage(KAFKA_STARTED))
      .withStartupTimeout(timeout)
      .withLabels({ 'com.fluentmeet.role': 'kafka' })
      .start();
  } catch (cause) {
    throw new Error(
      `Could not start Kafka from image ${image}. If this machine cannot pull images, ` +
        'build the offline image first: bash infra/kafka/offline-image/build.sh',
      { cause },
    );
  }
  startReaper(container.getId());
  const brokers = [`localhost:${hostPort}`];
  await waitForBroker(brokers, timeout);
  const client = await getContainerRuntimeClient();
  const docker = client.container.getById(container.getId());
  return {
    brokers,
    image,
    stop: async () => {
      await container.stop({ timeout: 5_000 });
    },
    stopBroker: async () => {
      await docker.stop({ t: 5 });
    },
    startBroker: async () => {
      await docker.start();
      await waitForBroker(brokers, timeout);
    },
    pauseBroker: async () => {
      await docker.pause();
    },
    unpauseBroker: async () => {
      await docker.unpause();
    },
  };
}
