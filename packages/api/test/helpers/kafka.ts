import { parseEnvelope, type EmailEnvelope } from '@fluentmeet/email-contracts';
import { randomName } from '@fluentmeet/testkit';
import { Kafka, logLevel } from 'kafkajs';
import { onTestFinished } from 'vitest';

export interface ConsumedRecord {
  key: string;
  headers: Record<string, string>;
  envelope: EmailEnvelope;
}

/** Reads a topic from the beginning with its own group; stopped when the test ends. */
export async function consumeTopic(brokers: string[], topic: string): Promise<ConsumedRecord[]> {
  const kafka = new Kafka({
    clientId: randomName('api-test'),
    brokers,
    logLevel: logLevel.NOTHING,
  });
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
