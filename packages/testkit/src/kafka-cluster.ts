import {
  GenericContainer,
  Network,
  Wait,
  getContainerRuntimeClient,
  type StartedNetwork,
  type StartedTestContainer,
} from 'testcontainers';
import { waitForBroker, waitForClusterSize } from './kafka-admin.js';
import { KAFKA_STARTED, freePort, resolveKafkaImage } from './kafka-container.js';
import { startReaper } from './reaper.js';

export interface StartKafkaClusterOptions {
  /** Nodes in the cluster (2 or more); node 1 is also the only controller. */
  size?: number;
  image?: string;
  /** Extra broker settings as `KAFKA_*` environment variables, for every node. */
  env?: Record<string, string>;
  startupTimeoutMs?: number;
}

export interface KafkaClusterHandle {
  /** Bootstrap addresses reachable from this machine, one per node. */
  readonly brokers: string[];
  readonly image: string;
  /** Stops and removes every container and the network. */
  stop(): Promise<void>;
  /** Stops one broker-only node (2, 3, ...): its partitions' leadership moves to the others. */
  stopBroker(nodeId: number): Promise<void>;
  /** Starts it again and waits until the cluster counts it; it then wins back its preferred leaderships. */
  startBroker(nodeId: number): Promise<void>;
}

const alias = (nodeId: number) => `kafka-${nodeId}`;

/** One node's settings: node 1 runs the controller too, the others are brokers only. */
function nodeEnv(nodeId: number, hostPort: number): Record<string, string> {
  const controller = nodeId === 1;
  return {
    KAFKA_NODE_ID: String(nodeId),
    KAFKA_PROCESS_ROLES: controller ? 'broker,controller' : 'broker',
    KAFKA_LISTENERS: `PLAINTEXT://0.0.0.0:9092,BROKER://0.0.0.0:19092${controller ? ',CONTROLLER://0.0.0.0:9093' : ''}`,
    KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://localhost:${hostPort},BROKER://${alias(nodeId)}:19092`,
    KAFKA_LISTENER_SECURITY_PROTOCOL_MAP:
      'PLAINTEXT:PLAINTEXT,BROKER:PLAINTEXT,CONTROLLER:PLAINTEXT',
    KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
    KAFKA_INTER_BROKER_LISTENER_NAME: 'BROKER',
    KAFKA_CONTROLLER_QUORUM_VOTERS: `1@${alias(1)}:9093`,
    KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
    KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
    KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
    KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
    KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
    // A node that comes back takes its preferred leaderships back within a second or two.
    KAFKA_AUTO_LEADER_REBALANCE_ENABLE: 'true',
    KAFKA_LEADER_IMBALANCE_CHECK_INTERVAL_SECONDS: '1',
    KAFKA_HEAP_OPTS: '-Xmx384m -Xms192m',
  };
}

/**
 * Starts a KRaft cluster of `size` nodes on one Docker network, for tests that need
 * partition leadership to move between brokers (a node stopped, a node back).
 *
 * @example
 * const cluster = await startKafkaCluster({ size: 2 });
 * await cluster.stopBroker(2); // node 1 leads every partition now
 * await cluster.stop();
 */
export async function startKafkaCluster(
  options: StartKafkaClusterOptions = {},
): Promise<KafkaClusterHandle> {
  const size = options.size ?? 2;
  if (size < 2) throw new Error('a cluster has 2 nodes or more; use startKafka for one');
  const image = await resolveKafkaImage(options.image);
  const timeout = options.startupTimeoutMs ?? 120_000;
  const network: StartedNetwork = await new Network().start();
  const containers: StartedTestContainer[] = [];
  const brokers: string[] = [];
  const stop = async () => {
    for (const container of containers.reverse()) await container.stop({ timeout: 5_000 });
    await network.stop();
  };
  try {
    for (let nodeId = 1; nodeId <= size; nodeId += 1) {
      const hostPort = await freePort();
      const container = await new GenericContainer(image)
        .withNetwork(network)
        .withNetworkAliases(alias(nodeId))
        .withExposedPorts({ container: 9092, host: hostPort })
        .withEnvironment({ ...nodeEnv(nodeId, hostPort), ...options.env })
        .withWaitStrategy(Wait.forLogMessage(KAFKA_STARTED))
        .withStartupTimeout(timeout)
        .withLabels({ 'com.fluentmeet.role': 'kafka' })
        .start();
      containers.push(container);
      startReaper(container.getId());
      brokers.push(`localhost:${hostPort}`);
    }
    await waitForBroker(brokers, timeout);
    await waitForClusterSize(brokers, size, timeout);
  } catch (cause) {
    await stop().catch(() => undefined);
    throw new Error(`Could not start a ${size}-node Kafka cluster from image ${image}`, { cause });
  }
  const client = await getContainerRuntimeClient();
  const node = (nodeId: number) => {
    const container = containers[nodeId - 1];
    if (nodeId < 2 || container === undefined) {
      throw new Error(`node ${nodeId} is not a broker-only node of this cluster (2..${size})`);
    }
    return client.container.getById(container.getId());
  };
  return {
    brokers,
    image,
    stop,
    stopBroker: async (nodeId) => {
      await node(nodeId).stop({ t: 5 });
    },
    startBroker: async (nodeId) => {
      await node(nodeId).start();
      await waitForClusterSize(brokers, size, timeout);
    },
  };
}
