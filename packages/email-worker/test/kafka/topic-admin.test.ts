import kafkajs, { Kafka, logLevel, type Admin } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { randomName } from '@fluentmeet/testkit';
import { TOPICS } from '@fluentmeet/email-contracts';
import { createKafka } from '@fluentmeet/email-contracts/producer';
import { clusterSize, ensureTopics } from '../../src/kafka/topic-admin.js';
import { topicSpecs } from '../../src/kafka/topic-specs.js';
import { createTopics, testTopic } from '../helpers.js';

const { ConfigResourceTypes } = kafkajs;
const brokers = inject('kafkaBrokers');
let admin: Admin;

beforeAll(async () => {
  admin = new Kafka({ brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
});

afterAll(async () => {
  await admin.disconnect();
});

describe('topicSpecs', () => {
  it('follows the cluster size: 3 replicas and min ISR 2 in production, 1/1 on one broker', () => {
    const [production] = topicSpecs(5);
    expect(production).toMatchObject({ numPartitions: 12, replicationFactor: 3 });
    expect(production!.configs['min.insync.replicas']).toBe('2');
    const [dev] = topicSpecs(1);
    expect(dev).toMatchObject({ replicationFactor: 1 });
    expect(dev!.configs['min.insync.replicas']).toBe('1');
  });

  it('keeps dead letters longer than the work queue', () => {
    const [email, retry, dlq] = topicSpecs(1);
    expect(email!.topic).toBe('notifications.email');
    expect(retry!.topic).toBe('notifications.email.retry');
    expect(dlq!.topic).toBe('notifications.email.dlq');
    expect(Number(dlq!.configs['retention.ms'])).toBeGreaterThan(
      Number(email!.configs['retention.ms']),
    );
  });

  it('compacts the suppression list instead of deleting it by age', () => {
    const suppressions = topicSpecs(3).find((spec) => spec.topic === TOPICS.suppressions);
    expect(suppressions?.configs).toMatchObject({
      'cleanup.policy': 'compact',
      'min.insync.replicas': '2',
    });
    expect(suppressions?.configs['retention.ms']).toBeUndefined();
  });
});

describe('ensureTopics against the test broker', () => {
  it('creates what is missing, is safe to run twice, and reports drift without changing anything', async () => {
    const names = {
      email: randomName('email'),
      retry: randomName('retry'),
      dlq: randomName('dlq'),
      suppressions: randomName('suppressions'),
    };
    await createTopics(brokers, [testTopic(names.dlq, 2)]);
    const kafka = createKafka({ clientId: 'topics-test', brokers });
    expect(await clusterSize(kafka)).toBe(1);
    const specs = topicSpecs(1, { partitions: 3, names });

    const first = await ensureTopics(kafka, specs);
    expect(first.map((r) => r.status)).toEqual(['created', 'created', 'drift', 'created']);
    expect(first[2]).toMatchObject({
      differences: expect.arrayContaining(['partitions 2, expected 3']) as unknown,
    });

    const second = await ensureTopics(kafka, specs);
    expect(second.map((r) => r.status)).toEqual(['ok', 'ok', 'drift', 'ok']);

    const metadata = await admin.fetchTopicMetadata({ topics: [names.email, names.dlq] });
    expect(metadata.topics.find((t) => t.name === names.email)?.partitions).toHaveLength(3);
    expect(metadata.topics.find((t) => t.name === names.dlq)?.partitions).toHaveLength(2);
  });
  it('returns only when every partition it created can be used: ListOffsets and metadata answer at once', async () => {
    // Seen in CI on a loaded machine: right after createTopics the broker answered
    // NOT_LEADER_FOR_PARTITION to ListOffsets and UNKNOWN_TOPIC_OR_PARTITION to metadata,
    // which failed every worker that started on a new topic.
    const kafka = createKafka({ clientId: 'topics-ready-test', brokers });
    for (let round = 0; round < 8; round += 1) {
      const names = {
        email: randomName('ready-email'),
        retry: randomName('ready-retry'),
        dlq: randomName('ready-dlq'),
        suppressions: randomName('ready-suppressions'),
      };
      await ensureTopics(kafka, topicSpecs(1, { partitions: 12, names }));
      // A fresh client, as a worker starting next would be: no cached metadata.
      const probe = new Kafka({
        brokers,
        logLevel: logLevel.NOTHING,
        retry: { retries: 0 },
      }).admin();
      await probe.connect();
      try {
        for (const topic of Object.values(names)) {
          const offsets = await probe.fetchTopicOffsets(topic);
          expect(offsets.length).toBeGreaterThan(0);
        }
      } finally {
        await probe.disconnect();
      }
    }
  });
});

describe('the kafka:topics command', () => {
  it('creates the topics and prints what it did, then reports them as ok', async () => {
    const { execFile } = await import('node:child_process');
    const { promisify } = await import('node:util');
    const env = {
      ...process.env,
      KAFKA_BROKERS: brokers.join(','),
      EMAIL_TOPIC: randomName('email'),
      RETRY_TOPIC: randomName('retry'),
      DLQ_TOPIC: randomName('dlq'),
      SUPPRESSIONS_TOPIC: randomName('suppressions'),
    };
    const cli = new URL('../../dist/cli/kafka-topics.js', import.meta.url).pathname;
    const run = () => promisify(execFile)(process.execPath, [cli], { env });
    const first = await run();
    expect(first.stdout).toContain(`created ${env.EMAIL_TOPIC} (12 partitions, replication 1)`);
    expect(first.stdout).toContain(`created ${env.DLQ_TOPIC}`);
    expect(first.stdout).toContain(`created ${env.SUPPRESSIONS_TOPIC}`);
    const configs = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [
        {
          type: ConfigResourceTypes.TOPIC,
          name: env.SUPPRESSIONS_TOPIC,
          configNames: ['cleanup.policy'],
        },
      ],
    });
    expect(configs.resources[0]?.configEntries[0]?.configValue).toBe('compact');
    const second = await run();
    expect(second.stdout).toContain(`ok      ${env.EMAIL_TOPIC}`);
  });
});
