import { Kafka, logLevel } from 'kafkajs';
import { describe, expect, it, onTestFinished } from 'vitest';
import { randomName, startKafkaCluster } from '@fluentmeet/testkit';
import { EmailProducer } from '../src/producer/index.js';
import { buildEnvelope, type EmailEnvelope } from '../src/index.js';

const BATCH = 500;

function envelopes(count: number): EmailEnvelope[] {
  return Array.from({ length: count }, (_, index) =>
    buildEnvelope({
      to: `user${index}@example.com`,
      template: 'verification',
      data: { verification_link: `https://app.fluentmeet.test/verify-email?token=t${index}` },
    }),
  );
}

describe('EmailProducer across a leader change', () => {
  it(
    'writes each envelope of a 500-envelope batch once while partition leaders move between brokers',
    { timeout: 180_000 },
    async () => {
      const cluster = await startKafkaCluster({ size: 2 });
      onTestFinished(() => cluster.stop());
      const admin = new Kafka({ brokers: cluster.brokers, logLevel: logLevel.NOTHING }).admin();
      await admin.connect();
      onTestFinished(() => admin.disconnect());
      const topic = randomName('email');
      await admin.createTopics({
        waitForLeaders: true,
        topics: [{ topic, numPartitions: 12, replicationFactor: 2 }],
      });
      const leaders = async () =>
        (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0]!.partitions.map(
          ({ leader }) => leader,
        );

      // Node 2 stops: node 1 leads every partition, and that is what the producer learns.
      await cluster.stopBroker(2);
      await expect.poll(leaders, { timeout: 30_000 }).toEqual(Array(12).fill(1));
      const producer = new EmailProducer({
        config: { clientId: 'leader-change', brokers: cluster.brokers },
        topic,
      });
      await producer.connect();
      onTestFinished(() => producer.disconnect());
      await producer.publish(envelopes(1));

      // Node 2 is back and takes its preferred leaderships back; the producer's metadata
      // still says node 1, which now answers "not the leader" for half of the batch.
      await cluster.startBroker(2);
      await expect.poll(leaders, { timeout: 60_000 }).toContain(2);
      await producer.publish(envelopes(BATCH));

      const offsets = await admin.fetchTopicOffsets(topic);
      const written = offsets.reduce((sum, { high, low }) => sum + Number(high) - Number(low), 0);
      console.info(`[leader-change] envelopes=${BATCH} records written=${written - 1}`);
      expect(written - 1).toBe(BATCH);
    },
  );
});
