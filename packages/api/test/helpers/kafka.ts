import { parseEnvelope, type EmailEnvelope } from '@fluentmeet/email-contracts';
import { createKafka } from '@fluentmeet/email-contracts/producer';
import { ensureTopics } from '@fluentmeet/email-worker';
import { randomName } from '@fluentmeet/testkit';
import { onTestFinished } from 'vitest';

export interface ConsumedRecord {
  key: string;
  headers: Record<string, string>;
  envelope: EmailEnvelope;
}

/** Reads a topic from the beginning with its own group; stopped when the test ends. */
export async function consumeTopic(brokers: string[], topic: string): Promise<ConsumedRecord[]> {
  const kafka = createKafka({ clientId: randomName('api-test'), brokers });
  const consumer = kafka.consumer({ groupId: randomName('api-test-group') });
  onTestFinished(() => consumer.disconnect());
  const records: ConsumedRecord[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(message.headers ?? {})) {
        headers[name] = String(value);
      }
      records.push({
        key: message.key?.toString('utf8') ?? '',
        headers,
        envelope: parseEnvelope(message.value ?? Buffer.alloc(0)),
      });
    },
  });
  return records;
}

/** Creates topics with the worker's topic admin (replication 1, only the configs given). */
export async function createTopics(
  brokers: string[],
  topics: { topic: string; numPartitions: number; configs?: Record<string, string> }[],
): Promise<void> {
  await ensureTopics(
    createKafka({ clientId: 'api-test', brokers }),
    topics.map(({ topic, numPartitions, configs = {} }) => ({
      topic,
      numPartitions,
      replicationFactor: 1,
      configs,
    })),
  );
}
