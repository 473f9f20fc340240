import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { DeliverySimulator, type WebhookSettings } from './delivery-simulator.js';
import { SandboxError } from './errors.js';
import { EventLog } from './event-log.js';
import { FaultInjector } from './faults.js';
import { MessageStore } from './message-store.js';
import { registerApiRoutes, registerErrorHandler } from './routes/api.js';
import { registerEventRoute } from './routes/events.js';
import { registerInboxRoutes } from './routes/inbox.js';
import { registerSendRoute } from './routes/send.js';
import { registerWebhookRoutes } from './routes/webhooks.js';
import type { FaultSpec } from './schemas.js';
import {
  applyConfigUpdate,
  DEFAULT_WEBHOOK_RETRY_SCHEDULE_MS,
  DEFAULT_WEBHOOK_SIGNING_KEY,
  noWebhookUrls,
} from './settings.js';
import type { SandboxState } from './state.js';
import { WebhookPoster } from './webhook-poster.js';
import type { WebhookUrls } from './webhook-schemas.js';

export const DEFAULT_API_KEY = 'key-sandbox';
export const DEFAULT_MAX_MESSAGES = 10_000;
export const DEFAULT_MAX_EVENTS = 50_000;
export const DEFAULT_WEBHOOK_TIMEOUT_MS = 10_000;
export const DEFAULT_WEBHOOK_QUEUE_LIMIT = 10_000;
export const DEFAULT_WEBHOOK_CONCURRENCY = 32;
/** Mailgun accepts messages up to 25 MB. */
const MAX_MESSAGE_BYTES = 25 * 1024 * 1024;

export interface SandboxOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  apiKey?: string;
  /** Allow-list of sending domains; any domain is accepted when absent. */
  domains?: string[];
  /** Capacity of the message ring; the oldest message is dropped past it. */
  maxMessages?: number;
  /** Capacity of the event log (accepted, delivered... of every recipient); the oldest go. */
  maxEvents?: number;
  /** Faults active from the start, in order: send faults and delivery faults. */
  faults?: FaultSpec[];
  /** One URL for every outcome webhook (all but `accepted`), like SANDBOX_WEBHOOK_URL. */
  webhookUrl?: string;
  /** URLs per webhook (at most 3 each); applied after `webhookUrl`. */
  webhooks?: WebhookUrls;
  /** Key of the webhook signatures (not the API key); default `sandbox-webhook-signing-key`. */
  webhookSigningKey?: string;
  /** Waits between attempts in ms; default Mailgun's schedule 300 times faster. */
  webhookRetryScheduleMs?: number[];
  /** A webhook attempt without an answer by then counts as failed (default 10 s). */
  webhookTimeoutMs?: number;
  /** Most deliveries pending at once (queued, in flight, waiting to retry); more are dropped. */
  webhookQueueLimit?: number;
  /** Webhook requests in flight at once (default 32). */
  webhookConcurrency?: number;
  /** Wait between `accepted` and `delivered` (default 0). */
  deliveryDelayMs?: number;
  /** Outcomes by address (`bounce+…@`, `tempfail+…@`, `complain+…@`, `unsubscribe+…@`); default on. */
  addressRules?: boolean;
  /** `true` for Fastify's pino logger at info, or a pino logger to use; off by default. */
  logger?: boolean | FastifyBaseLogger;
}

/** The server and the state behind its routes, for `startSandbox` and tests. */
export interface SandboxApp {
  app: FastifyInstance;
  state: SandboxState;
}

function positive(name: string, value: number | undefined, fallback: number): number {
  const chosen = value ?? fallback;
  if (!Number.isInteger(chosen) || chosen < 1) {
    throw new SandboxError('OPTIONS_INVALID', `${name} must be a positive integer, got ${chosen}`);
  }
  return chosen;
}

export function createSandboxApp(options: SandboxOptions = {}): SandboxApp {
  const logger = options.logger ?? false;
  const app = Fastify({
    ...(typeof logger === 'boolean' ? { logger } : { loggerInstance: logger }),
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: MAX_MESSAGE_BYTES,
    forceCloseConnections: true,
  });
  const { state, shutdown } = createState(options, app.log);
  void app.register(formbody, { bodyLimit: MAX_MESSAGE_BYTES });
  void app.register(multipart, {
    limits: { fieldSize: MAX_MESSAGE_BYTES, fileSize: MAX_MESSAGE_BYTES, fields: 2000, files: 100 },
  });
  registerErrorHandler(app);
  registerSendRoute(app, state);
  registerApiRoutes(app, state);
  registerWebhookRoutes(app, state);
  registerEventRoute(app, state);
  registerInboxRoutes(app);
  app.addHook('onClose', async () => {
    shutdown.abort();
    state.simulator.close();
    await state.poster.close();
  });
  return { app, state };
}

function createState(
  options: SandboxOptions,
  log: FastifyBaseLogger,
): { state: SandboxState; shutdown: AbortController } {
  const shutdown = new AbortController();
  const webhooks: WebhookSettings = {
    urls: noWebhookUrls(),
    signingKey: DEFAULT_WEBHOOK_SIGNING_KEY,
    retryScheduleMs: [...DEFAULT_WEBHOOK_RETRY_SCHEDULE_MS],
    deliveryDelayMs: 0,
    addressRules: true,
  };
  const store = new MessageStore(options.maxMessages ?? DEFAULT_MAX_MESSAGES);
  const events = new EventLog(positive('maxEvents', options.maxEvents, DEFAULT_MAX_EVENTS));
  const faults = new FaultInjector();
  for (const spec of options.faults ?? []) faults.add(spec);
  const poster = new WebhookPoster({
    retryScheduleMs: () => webhooks.retryScheduleMs,
    signingKey: () => webhooks.signingKey,
    timeoutMs: positive('webhookTimeoutMs', options.webhookTimeoutMs, DEFAULT_WEBHOOK_TIMEOUT_MS),
    queueLimit: positive(
      'webhookQueueLimit',
      options.webhookQueueLimit,
      DEFAULT_WEBHOOK_QUEUE_LIMIT,
    ),
    concurrency: positive(
      'webhookConcurrency',
      options.webhookConcurrency,
      DEFAULT_WEBHOOK_CONCURRENCY,
    ),
    logger: log,
    onChange: (event, delivery) => events.deliveryChanged(event, delivery),
  });
  const state: SandboxState = {
    store,
    faults,
    apiKey: DEFAULT_API_KEY,
    domains:
      options.domains === undefined || options.domains.length === 0
        ? undefined
        : new Set(options.domains.map((domain) => domain.toLowerCase())),
    closing: shutdown.signal,
    events,
    webhooks,
    poster,
    simulator: new DeliverySimulator({ store, events, faults, poster, settings: webhooks }),
  };
  if (options.apiKey === '') throw new SandboxError('OPTIONS_INVALID', 'apiKey must not be empty');
  const initial = Object.fromEntries(
    Object.entries({
      apiKey: options.apiKey,
      webhookUrl: options.webhookUrl,
      webhooks: options.webhooks,
      webhookSigningKey: options.webhookSigningKey,
      webhookRetryScheduleMs: options.webhookRetryScheduleMs,
      deliveryDelayMs: options.deliveryDelayMs,
      addressRules: options.addressRules,
    }).filter(([, value]) => value !== undefined),
  );
  if (Object.keys(initial).length > 0) applyConfigUpdate(state, initial, 'OPTIONS_INVALID');
  return { state, shutdown };
}

/** The sandbox as a Fastify instance, not listening yet (e.g. for `app.inject`). */
export function buildSandbox(options: SandboxOptions = {}): FastifyInstance {
  return createSandboxApp(options).app;
}
