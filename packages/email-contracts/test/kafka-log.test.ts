import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createKafka, type KafkaLogger } from '../src/producer/index.js';
import { CLUSTER_IN_TRANSITION } from '../src/producer/kafka-log-level.js';

type Level = keyof KafkaLogger;

function capture(): { logger: KafkaLogger; lines: { level: Level; message: string }[] } {
  const lines: { level: Level; message: string }[] = [];
  const at =
    (level: Level) =>
    (_fields: object, message: string): void => {
      lines.push({ level, message });
    };
  return { logger: { error: at('error'), warn: at('warn'), debug: at('debug') }, lines };
}

/** A loopback port that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('the kafkajs log adapter', () => {
  it('knows the cluster-in-transition errors by the words kafkajs uses, all retriable', () => {
    const { errorCodes } = createRequire(import.meta.url)('kafkajs/src/protocol/error') as {
      errorCodes: { type: string; message: string; retriable: boolean }[];
    };
    for (const [type, message] of Object.entries(CLUSTER_IN_TRANSITION)) {
      expect(errorCodes.find((code) => code.type === type)).toMatchObject({
        message,
        retriable: true,
      });
    }
  });

  it('logs a cluster electing a leader or coordinator below error, and real errors at error', () => {
    const { logger, lines } = capture();
    const root = createKafka({ brokers: ['127.0.0.1:9'] }, { logger }).logger();
    root.namespace('Connection').error('Response GroupCoordinator(key: 10, version: 2)', {
      error: 'The group coordinator is not available',
    });
    root
      .namespace('Producer')
      .error('Failed to send messages: This server is not the leader for that topic-partition');
    root.namespace('Connection').error('Connection error: connect ECONNREFUSED 127.0.0.1:9');
    root
      .namespace('Consumer')
      .error('Crash: KafkaJSProtocolError: Not authorized to access topics');
    root.namespace('Consumer').error('Restarting the consumer in 300ms', { retryTime: 300 });
    root
      .namespace('Producer')
      .warn('Limiting retries for the idempotent producer may invalidate EoS guarantees');
    root.namespace('Consumer').warn('The group is rebalancing, re-joining');

    expect(lines.map(({ level }) => level)).toEqual([
      'debug',
      'warn',
      'error',
      'error',
      'warn',
      'debug',
      'warn',
    ]);
  });

  it('reports a broker that cannot be reached at error level', async () => {
    const { logger, lines } = capture();
    const kafka = createKafka(
      { brokers: [`127.0.0.1:${await closedPort()}`], retry: { retries: 0 } },
      { logger },
    );
    const admin = kafka.admin();
    await expect(admin.connect()).rejects.toThrow();
    const errors = lines.filter(({ level }) => level === 'error').map(({ message }) => message);
    expect(errors.join('\n')).toContain('ECONNREFUSED');
  });
});
