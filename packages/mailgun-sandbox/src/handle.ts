import type { FastifyInstance } from 'fastify';
import { SandboxError } from './errors.js';
import { createSandboxApp, type SandboxOptions } from './sandbox.js';
import type {
  ActiveFault,
  CapturedMessage,
  FaultSpec,
  MessageFilter,
  SandboxConfigUpdate,
} from './schemas.js';
import { applyConfigUpdate, describeSettings } from './settings.js';
import type {
  EventFilter,
  MessageStatus,
  SandboxEvent,
  TriggerEventSpec,
  WebhookDelivery,
  WebhookStats,
} from './webhook-schemas.js';

export interface SandboxHandle {
  /** `http://127.0.0.1:PORT`, the value for `MAILGUN_BASE_URL`. */
  readonly url: string;
  readonly port: number;
  /** The key currently accepted. */
  readonly apiKey: string;
  /** The key webhooks are signed with now. */
  readonly webhookSigningKey: string;
  readonly app: FastifyInstance;
  /** Captured messages, newest first. */
  messages(filter?: MessageFilter): CapturedMessage[];
  /** A captured message by its Mailgun id (with or without angle brackets). */
  message(id: string): CapturedMessage | undefined;
  /** Messages accepted since start or the last `clear()`, including any the ring dropped. */
  count(): number;
  /** A send fault, or a delivery fault (with `outcome`). */
  injectFault(spec: FaultSpec): ActiveFault;
  faults(): ActiveFault[];
  clearFaults(): void;
  setApiKey(key: string): void;
  /** What `PUT /api/config` does: webhook URLs, signing key, retry schedule... */
  configure(update: SandboxConfigUpdate): void;
  /** The webhook settings as `GET /api/config` shows them (without the keys). */
  config(): ReturnType<typeof describeSettings>;
  /** Events of every recipient, oldest first, each with its webhook deliveries and attempts. */
  events(filter?: EventFilter): SandboxEvent[];
  /** Where a message stands, from its recipients' latest events. */
  messageStatus(messageId: string): MessageStatus | undefined;
  /** An event that happens later to an accepted message (e.g. a complaint). */
  triggerEvent(messageId: string, spec: TriggerEventSpec): SandboxEvent[];
  /** Posts an event again (same `event-data.id`, fresh signature), as a Mailgun retry would. */
  resendEvent(eventId: string): WebhookDelivery[];
  webhookStats(): WebhookStats;
  /** Forgets every captured message and event, cancels pending events and webhooks. */
  clear(): void;
  close(): Promise<void>;
}

/**
 * Starts a Mailgun-compatible server.
 * @example
 * const sandbox = await startSandbox({ webhookUrl: 'http://127.0.0.1:3000/webhooks/mailgun' });
 * // MAILGUN_BASE_URL=sandbox.url, MAILGUN_API_KEY=sandbox.apiKey
 * await expect.poll(() => sandbox.events({ envelope_id: id }).map((e) => e.webhook))
 *   .toEqual(['accepted', 'delivered']);
 * await sandbox.close();
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<SandboxHandle> {
  const { app, state } = createSandboxApp(options);
  const host = options.host ?? '127.0.0.1';
  await app.listen({ port: options.port ?? 0, host });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const url = `http://${urlHost.includes(':') ? `[${urlHost}]` : urlHost}:${port}`;
  const configure = (update: SandboxConfigUpdate) =>
    applyConfigUpdate(state, update, 'OPTIONS_INVALID');
  return {
    url,
    port,
    get apiKey() {
      return state.apiKey;
    },
    get webhookSigningKey() {
      return state.webhooks.signingKey;
    },
    app,
    messages: (filter) => state.store.list(filter),
    message: (id) => state.store.get(id) ?? state.store.get(`<${id}>`),
    count: () => state.store.accepted,
    injectFault: (spec) => state.faults.add(spec),
    faults: () => state.faults.list(),
    clearFaults: () => state.faults.clear(),
    setApiKey: (key) => {
      if (key === '') throw new SandboxError('OPTIONS_INVALID', 'apiKey must not be empty');
      configure({ apiKey: key });
    },
    configure,
    config: () => describeSettings(state.webhooks),
    events: (filter) => state.events.list(filter),
    messageStatus: (messageId) => state.events.status(messageId),
    triggerEvent: (messageId, spec) => state.simulator.trigger(messageId, spec),
    resendEvent: (eventId) => state.simulator.resend(eventId),
    webhookStats: () => state.poster.stats(),
    clear: () => state.store.clear(),
    close: () => app.close(),
  };
}
