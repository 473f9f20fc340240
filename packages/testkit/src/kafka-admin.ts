import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';

/** A unique name for a test's own topic or consumer group. */
export function randomName(prefix = 'test'): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

function client(brokers: string[]): Kafka {
  return new Kafka({
    clientId: 'fluentmeet-testkit',
    brokers,
    logLevel: logLevel.NOTHING,
    retry: { retries: 2, initialRetryTime: 100 },
  });
}

/** Polls the cluster until it answers a metadata request. */
export async function waitForBroker(brokers: string[], timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    const admin = client(brokers).admin();
    try {
      await admin.connect();
      await admin.describeCluster();
      return;
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
  throw new Error(`Kafka at ${brokers.join(',')} did not answer within ${timeoutMs} ms`, {
    cause: lastError,
  });
}

/** Polls until the cluster reports `size` live brokers (a restarted node has registered again). */
export async function waitForClusterSize(
  brokers: string[],
  size: number,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let seen = 0;
  while (Date.now() < deadline) {
    const admin = client(brokers).admin();
    try {
      await admin.connect();
      seen = (await admin.describeCluster()).brokers.length;
      if (seen >= size) return;
    } catch {
      // not answering yet
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(
    `Kafka at ${brokers.join(',')} did not count ${size} brokers within ${timeoutMs} ms (saw ${seen})`,
  );
}
