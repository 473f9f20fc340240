import kafkajs, { type Admin, type Kafka } from 'kafkajs';
import { whenReady } from './not-ready.js';

// kafkajs is CommonJS and Node cannot see this enum as a named ESM export.
const { ConfigResourceTypes } = kafkajs;

/** A topic as it should be: the one description used to create topics, in production and tests. */
export interface TopicSpec {
  topic: string;
  numPartitions: number;
  replicationFactor: number;
  /** Topic-level configs we manage; anything else on the topic is left alone. */
  configs: Record<string, string>;
}

export type TopicReport =
  | { topic: string; status: 'created' }
  | { topic: string; status: 'ok' }
  | { topic: string; status: 'drift'; differences: string[] };

async function withAdmin<T>(kafka: Kafka, use: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await use(admin);
  } finally {
    await admin.disconnect();
  }
}

/** How many brokers the cluster has (replication follows it, see `topicSpecs`). */
export function clusterSize(kafka: Kafka): Promise<number> {
  return withAdmin(kafka, async (admin) => (await admin.describeCluster()).brokers.length);
}

/**
 * Creates the topics that are missing and compares the others with their spec.
 * Never changes an existing topic: drift is reported for a person to decide
 * (fewer partitions can't be fixed in place, and more changes key ordering).
 *
 * @example
 * await ensureTopics(kafka, topicSpecs(await clusterSize(kafka)));
 */
export function ensureTopics(kafka: Kafka, specs: TopicSpec[]): Promise<TopicReport[]> {
  return withAdmin(kafka, (admin) => ensureWith(admin, specs));
}

async function ensureWith(admin: Admin, specs: TopicSpec[]): Promise<TopicReport[]> {
  const existing = new Set(await admin.listTopics());
  const missing = specs.filter((spec) => !existing.has(spec.topic));
  if (missing.length > 0) {
    await admin.createTopics({
      // kafkajs' own wait retries only LEADER_NOT_AVAILABLE; ours below also rides out the
      // NOT_LEADER / UNKNOWN_TOPIC answers of a broker whose metadata is still catching up.
      waitForLeaders: false,
      topics: missing.map((spec) => ({
        topic: spec.topic,
        numPartitions: spec.numPartitions,
        replicationFactor: spec.replicationFactor,
        configEntries: Object.entries(spec.configs).map(([name, value]) => ({ name, value })),
      })),
    });
  }
  await waitUntilUsable(
    admin,
    missing.map((spec) => spec.topic),
  );
  const present = specs.filter((spec) => existing.has(spec.topic));
  const drift = new Map<string, string[]>();
  if (present.length > 0) {
    const metadata = await admin.fetchTopicMetadata({ topics: present.map((spec) => spec.topic) });
    const configs = await admin.describeConfigs({
      includeSynonyms: false,
      resources: present.map((spec) => ({
        type: ConfigResourceTypes.TOPIC,
        name: spec.topic,
        configNames: Object.keys(spec.configs),
      })),
    });
    for (const spec of present) {
      const differences: string[] = [];
      const partitions = metadata.topics.find((t) => t.name === spec.topic)?.partitions ?? [];
      if (partitions.length !== spec.numPartitions) {
        differences.push(`partitions ${partitions.length}, expected ${spec.numPartitions}`);
      }
      const replicas = partitions[0]?.replicas.length ?? 0;
      if (replicas !== spec.replicationFactor) {
        differences.push(`replication ${replicas}, expected ${spec.replicationFactor}`);
      }
      const entries =
        configs.resources.find((r) => r.resourceName === spec.topic)?.configEntries ?? [];
      for (const [name, value] of Object.entries(spec.configs)) {
        const actual = entries.find((entry) => entry.configName === name)?.configValue;
        if (actual !== value) differences.push(`${name} ${actual ?? 'unset'}, expected ${value}`);
      }
      drift.set(spec.topic, differences);
    }
  }
  return specs.map((spec) => {
    if (!existing.has(spec.topic)) return { topic: spec.topic, status: 'created' };
    const differences = drift.get(spec.topic) ?? [];
    return differences.length === 0
      ? { topic: spec.topic, status: 'ok' }
      : { topic: spec.topic, status: 'drift', differences };
  });
}

/**
 * The end offsets of `topic`, waiting (up to `timeoutMs`) while its partitions have no leader
 * yet, which a broker answers for a moment after the topic was created. Other errors are thrown.
 */
export function fetchTopicOffsetsWhenReady(
  admin: Admin,
  topic: string,
  timeoutMs = 30_000,
): ReturnType<Admin['fetchTopicOffsets']> {
  return whenReady(() => admin.fetchTopicOffsets(topic), {
    timeoutMs,
    // Refresh the client's view of the leaders before asking again.
    beforeRetry: () => admin.fetchTopicMetadata({ topics: [topic] }),
  });
}

/** Returns once every partition of every topic answers ListOffsets from its leader. */
async function waitUntilUsable(admin: Admin, topics: string[]): Promise<void> {
  for (const topic of topics) await fetchTopicOffsetsWhenReady(admin, topic);
}
