import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomName, startKafka, type KafkaHandle } from '../src/index.js';

describe('startKafka', () => {
  let kafka: KafkaHandle;

  beforeAll(async () => {
    kafka = await startKafka();
  });

  afterAll(async () => {
    await kafka?.stop();
  });

  it('serves a broker that keeps its address and data across stopBroker/startBroker', async () => {
    const topic = randomName('testkit');
    const client = new Kafka({ brokers: kafka.brokers, logLevel: logLevel.NOTHING });
    const admin = client.admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 3 }] });
    expect(await admin.listTopics()).toContain(topic);
    await admin.disconnect();

    await kafka.stopBroker();
    await kafka.startBroker();

    const again = client.admin();
    await again.connect();
    const metadata = await again.fetchTopicMetadata({ topics: [topic] });
    expect(metadata.topics[0]?.partitions).toHaveLength(3);
    await again.disconnect();
  });

  it('gives unique names', () => {
    expect(randomName('a')).not.toEqual(randomName('a'));
    expect(randomName('a')).toMatch(/^a-[0-9a-f]{8}$/);
  });
});
