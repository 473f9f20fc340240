// `pnpm kafka:topics`: creates the pipeline's topics where missing and reports drift.
import { Kafka, logLevel } from 'kafkajs';
import { kafkaConfigFromEnv } from '@fluentmeet/email-contracts/kafka';
import { ensureTopics } from './ensure-topics.js';
import { topicSpecs } from './topic-specs.js';

async function main(): Promise<number> {
  const env = process.env;
  const kafka = new Kafka({
    ...kafkaConfigFromEnv(env, 'fluentmeet-topics'),
    logLevel: logLevel.ERROR,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { brokers } = await admin.describeCluster();
    const partitions = env.KAFKA_TOPIC_PARTITIONS ? Number(env.KAFKA_TOPIC_PARTITIONS) : undefined;
    if (partitions !== undefined && !(Number.isInteger(partitions) && partitions > 0)) {
      throw new Error('KAFKA_TOPIC_PARTITIONS must be a positive integer');
    }
    const specs = topicSpecs(brokers.length, {
      partitions,
      names: { email: env.EMAIL_TOPIC, retry: env.RETRY_TOPIC, dlq: env.DLQ_TOPIC },
    });
    const reports = await ensureTopics(admin, specs);
    for (const report of reports) {
      const spec = specs.find((s) => s.topic === report.topic)!;
      const detail =
        report.status === 'drift'
          ? `: ${report.differences.join('; ')}`
          : ` (${spec.numPartitions} partitions, replication ${spec.replicationFactor})`;
      console.log(`${report.status.padEnd(7)} ${report.topic}${detail}`);
    }
    const drifted = reports.some((report) => report.status === 'drift');
    return drifted && process.argv.includes('--strict') ? 2 : 0;
  } finally {
    await admin.disconnect();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
