// Run inside a worker container of the compose stack (`docker exec <id> node -e <this file>`),
// with the worker's own KAFKA_BROKERS, topics and CONSUMER_GROUP and the kafkajs of its image.
// Prints one JSON line: the fewest replicas of any partition of the four topics and their
// min.insync.replicas, records on the work topic, the group's lag on it, records on the
// retry topic and on the dead-letter topic.
const { ConfigResourceTypes, Kafka, logLevel } = require('kafkajs');

const env = process.env;
const kafka = new Kafka({
  clientId: 'stack-test-probe',
  brokers: env.KAFKA_BROKERS.split(','),
  logLevel: logLevel.NOTHING,
  retry: { retries: 8 },
});
const count = (offsets) => offsets.reduce((n, p) => n + Number(p.high) - Number(p.low), 0);

(async () => {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(env.EMAIL_TOPIC);
    const [group] = await admin.fetchOffsets({
      groupId: env.CONSUMER_GROUP,
      topics: [env.EMAIL_TOPIC],
    });
    const committed = new Map(group.partitions.map((p) => [p.partition, Number(p.offset)]));
    const lag = ends.reduce((n, p) => {
      const at = committed.get(p.partition) ?? -1;
      return n + Number(p.high) - (at < 0 ? Number(p.low) : at);
    }, 0);
    const retry = count(await admin.fetchTopicOffsets(env.RETRY_TOPIC));
    const dlq = count(await admin.fetchTopicOffsets(env.DLQ_TOPIC));
    const topics = [env.EMAIL_TOPIC, env.RETRY_TOPIC, env.DLQ_TOPIC, env.SUPPRESSIONS_TOPIC];
    const metadata = await admin.fetchTopicMetadata({ topics });
    const replicas = Math.min(
      ...metadata.topics.flatMap((topic) => topic.partitions.map((p) => p.replicas.length)),
    );
    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: topics.map((name) => ({
        type: ConfigResourceTypes.TOPIC,
        name,
        configNames: ['min.insync.replicas'],
      })),
    });
    const minIsr = resources.map((resource) => Number(resource.configEntries[0].configValue));
    console.log(JSON.stringify({ replicas, minIsr, produced: count(ends), lag, retry, dlq }));
  } finally {
    await admin.disconnect();
  }
})().catch((error) => {
  console.error(error && error.message);
  process.exit(1);
});
