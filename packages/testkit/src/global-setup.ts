import type { TestProject } from 'vitest/node';
import { startKafka, type KafkaHandle } from './kafka-container.js';
import { waitForBroker } from './kafka-admin.js';
import './provided-context.js';

function explainMissingKafka(cause: unknown): Error {
  return new Error(
    'These tests need a real Kafka broker, and none could be had: KAFKA_BROKERS is not set and ' +
      'starting one with Testcontainers failed. Start Docker (and on a machine without registry ' +
      'access build the image: bash infra/kafka/offline-image/build.sh), or set KAFKA_BROKERS=host:port.',
    { cause },
  );
}

/** Vitest globalSetup: one Kafka per test run, shared through `inject('kafkaBrokers')`. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const fromEnv = process.env.KAFKA_BROKERS?.split(',').filter((broker) => broker.length > 0);
  if (fromEnv !== undefined && fromEnv.length > 0) {
    await waitForBroker(fromEnv, 30_000);
    project.provide('kafkaBrokers', fromEnv);
    return async () => {};
  }
  let kafka: KafkaHandle;
  try {
    kafka = await startKafka();
  } catch (cause) {
    throw explainMissingKafka(cause);
  }
  project.provide('kafkaBrokers', kafka.brokers);
  return async () => {
    await kafka.stop();
  };
}
