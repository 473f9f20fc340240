import { Writable } from 'node:stream';
import type { EmailEnvelope, SuppressionRecord } from '@fluentmeet/email-contracts';
import { EmailContractError, emailKey } from '@fluentmeet/email-contracts';
import type { FastifyInstance } from 'fastify';
import { expect, onTestFinished } from 'vitest';
import { publicUser, type PublicUser } from '../../src/auth/public-user.js';
import { buildApp } from '../../src/build-app.js';
import type { EmailPublisher } from '../../src/outbox/outbox-relay.js';
import { freshDatabaseEnv } from './database.js';

/** Stands in for Kafka in route tests: records what it was asked to publish; can be "down". */
export class FakeProducer implements EmailPublisher {
  readonly published: EmailEnvelope[] = [];
  readonly suppressions: SuppressionRecord[] = [];
  connects = 0;
  publishCalls = 0;
  down = false;

  async connect(): Promise<void> {
    this.connects += 1;
    if (this.down) throw new Error('broker unreachable');
  }

  async disconnect(): Promise<void> {}

  async publish(envelopes: readonly EmailEnvelope[]) {
    this.publishCalls += 1;
    if (this.down) {
      throw new EmailContractError('PUBLISH_FAILED', 'Publishing failed', {
        retryable: true,
        cause: new Error('Connection error: connect ECONNREFUSED'),
      });
    }
    this.published.push(...envelopes);
    return envelopes.map((e) => ({ id: e.id, topic: 't', partition: 0, offset: '0' }));
  }

  async publishSuppressions(records: readonly SuppressionRecord[]): Promise<void> {
    this.publishCalls += 1;
    if (this.down) {
      throw new EmailContractError('PUBLISH_FAILED', 'Publishing failed', { retryable: true });
    }
    this.suppressions.push(...records);
  }

  /** The envelopes sent to one address, oldest first. */
  to(address: string): EmailEnvelope[] {
    return this.published.filter((e) => e.to.toLowerCase() === address.toLowerCase());
  }
}

/**
 * A clock the test moves by hand. It starts at the real current time: its
 * stamps (createdAt, notAfter) reach real processes that read the real clock.
 * A `running` clock also moves with real time (for checks against other
 * processes' clocks, such as the age of a webhook signature).
 */
export class TestClock {
  #ms: number;
  readonly #running: boolean;
  constructor(start = Date.now(), options: { running?: boolean } = {}) {
    this.#running = options.running ?? false;
    this.#ms = this.#running ? start - Date.now() : start;
  }
  readonly now = (): Date => new Date(this.#running ? Date.now() + this.#ms : this.#ms);
  advance(ms: number): void {
    this.#ms += ms;
  }
}

/** Collects every log line the app writes. */
export class LogCapture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  }
  get text(): string {
    return this.lines.join('\n');
  }
  entries(): Record<string, unknown>[] {
    return this.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  }
}

export const TEST_ENV = {
  DATABASE_PATH: ':memory:',
  PUBLIC_APP_URL: 'https://app.fluentmeet.test',
  KAFKA_BROKERS: '127.0.0.1:1',
  RATE_LIMIT_IP_MAX: 10_000,
  RATE_LIMIT_ADDRESS_MAX: 1000,
  OUTBOX_POLL_INTERVAL_MS: 60_000,
  OUTBOX_MAX_BACKOFF_MS: 200,
};

export interface TestApp {
  app: FastifyInstance;
  producer: FakeProducer;
  clock: TestClock;
  logs: LogCapture;
}

/**
 * The app over a database of its own (SQLite `:memory:`, or a fresh PostgreSQL schema
 * with API_TEST_DB=postgres; an explicit DATABASE_PATH or DATABASE_URL is kept) and (by
 * default) a fake producer; closed when the test ends.
 */
export async function build(
  options: {
    env?: Record<string, unknown>;
    /** Another producer, or 'kafka' for the real one the app builds from its environment. */
    producer?: EmailPublisher | 'kafka';
    logLevel?: string;
    /** Another clock (for example one that starts in the past). */
    clock?: TestClock;
  } = {},
): Promise<TestApp> {
  const producer = new FakeProducer();
  const clock = options.clock ?? new TestClock();
  const logs = new LogCapture();
  const explicit =
    options.env !== undefined && ('DATABASE_PATH' in options.env || 'DATABASE_URL' in options.env);
  const database = explicit ? {} : await freshDatabaseEnv();
  const app = await buildApp({
    env: { ...TEST_ENV, ...database, ...options.env },
    ...(options.producer === 'kafka' ? {} : { producer: options.producer ?? producer }),
    now: clock.now,
    logStream: logs,
    logLevel: options.logLevel ?? 'info',
  });
  onTestFinished(() => app.close());
  return { app, producer, clock, logs };
}

let counter = 0;
/** A fresh address per call. */
export function address(prefix = 'user'): string {
  counter += 1;
  return `${prefix}.${process.pid}.${counter}@example.com`;
}

export const PASSWORD = 'correct horse battery staple';

/**
 * Signs up a new address and waits for the account, which is created after the answer
 * (signup answers alike for every address). Returns the account as the API shows it.
 */
export async function signup(
  app: FastifyInstance,
  email = address(),
  extra: Record<string, unknown> = {},
): Promise<PublicUser> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/signup',
    payload: { email, password: PASSWORD, ...extra },
  });
  if (res.statusCode !== 202) throw new Error(`signup answered ${res.statusCode}: ${res.body}`);
  const find = () =>
    app.db
      .selectFrom('users')
      .selectAll()
      .where('email_key', '=', emailKey(email))
      .executeTakeFirst();
  await expect.poll(find).toBeDefined();
  return publicUser((await find())!);
}

/** The token of a link in an envelope. */
export function tokenOf(link: string): string {
  const token = new URL(link).searchParams.get('token');
  if (token === null) throw new Error(`no token in ${link}`);
  return token;
}

// Asymmetric matchers typed as `unknown`, so that objects built with them stay type-safe.
export const anyString = (): unknown => expect.any(String);
export const containing = (text: string): unknown => expect.stringContaining(text);
export const matching = (pattern: RegExp): unknown => expect.stringMatching(pattern);
