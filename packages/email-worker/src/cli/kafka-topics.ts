// `pnpm kafka:topics`: creates the pipeline's topics where missing and reports drift.
import { Type } from '@sinclair/typebox';
import {
  EmailContractError,
  TopicsEnv,
  parseEnv,
  topicSet,
  topicsEnvProblems,
} from '@fluentmeet/email-contracts';
import {
  createKafka,
  kafkaConfig,
  kafkaEnv,
  kafkaEnvProblems,
} from '@fluentmeet/email-contracts/producer';
import { clusterSize, ensureTopics } from '../kafka/topic-admin.js';
import { topicSpecs } from '../kafka/topic-specs.js';

const TopicsCliEnv = Type.Composite([
  kafkaEnv({ clientId: 'fluentmeet-topics' }),
  TopicsEnv,
  Type.Object({ KAFKA_TOPIC_PARTITIONS: Type.Optional(Type.Integer({ minimum: 1 })) }),
]);

async function main(): Promise<number> {
  const config = parseEnv(TopicsCliEnv, process.env, kafkaEnvProblems, topicsEnvProblems);
  const kafka = createKafka(kafkaConfig(config));
  const specs = topicSpecs(await clusterSize(kafka), {
    names: topicSet(config),
    ...(config.KAFKA_TOPIC_PARTITIONS === undefined
      ? {}
      : { partitions: config.KAFKA_TOPIC_PARTITIONS }),
  });
  const reports = await ensureTopics(kafka, specs);
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
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(error instanceof EmailContractError ? 78 : 1);
  },
);
