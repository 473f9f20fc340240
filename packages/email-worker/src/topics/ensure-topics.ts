import kafkajs, { type Admin } from 'kafkajs';

// kafkajs is CommonJS and Node cannot see this enum as a named ESM export.
const { ConfigResourceTypes } = kafkajs;
import type { TopicSpec } from './topic-specs.js';

export type TopicReport =
  | { topic: string; status: 'created' }
  | { topic: string; status: 'ok' }
  | { topic: string; status: 'drift'; differences: string[] };

/**
 * Creates the topics that are missing and compares the others with their spec.
 * Never changes an existing topic: drift is reported for a person to decide
 * (fewer partitions can't be fixed in place, and more changes key ordering).
 */
export async function ensureTopics(admin: Admin, specs: TopicSpec[]): Promise<TopicReport[]> {
  const existing = new Set(await admin.listTopics());
  const missing = specs.filter((spec) => !existing.has(spec.topic));
  if (missing.length > 0) {
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((spec) => ({
        topic: spec.topic,
        numPartitions: spec.numPartitions,
        replicationFactor: spec.replicationFactor,
        configEntries: Object.entries(spec.configs).map(([name, value]) => ({ name, value })),
      })),
    });
  }
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
