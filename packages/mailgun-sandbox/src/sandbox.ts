import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { SandboxError } from './errors.js';
import { FaultInjector } from './faults.js';
import { MessageStore } from './message-store.js';
import { registerApiRoutes, registerErrorHandler } from './routes/api.js';
import { registerEventRoute } from './routes/events.js';
import { registerInboxRoutes } from './routes/inbox.js';
import { registerSendRoute } from './routes/send.js';
import type { ActiveFault, CapturedMessage, FaultSpec, MessageFilter } from './schemas.js';
import type { SandboxState } from './state.js';

export const DEFAULT_API_KEY = 'key-sandbox';
export const DEFAULT_MAX_MESSAGES = 10_000;
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
  /** Faults active from the start, in order. */
  faults?: FaultSpec[];
  /** `true` for Fastify's pino logger at info, or a pino logger to use; off by default. */
  logger?: boolean | FastifyBaseLogger;
}

/** The server and the state behind its routes, for `startSandbox` and tests. */
export interface SandboxApp {
  app: FastifyInstance;
  state: SandboxState;
}

export function createSandboxApp(options: SandboxOptions = {}): SandboxApp {
  const shutdown = new AbortController();
  const state: SandboxState = {
    store: new MessageStore(options.maxMessages ?? DEFAULT_MAX_MESSAGES),
    faults: new FaultInjector(),
    apiKey: options.apiKey ?? DEFAULT_API_KEY,
    domains:
      options.domains === undefined || options.domains.length === 0
        ? undefined
        : new Set(options.domains.map((domain) => domain.toLowerCase())),
    closing: shutdown.signal,
  };
  for (const spec of options.faults ?? []) state.faults.add(spec);
  if (state.apiKey === '') throw new SandboxError('OPTIONS_INVALID', 'apiKey must not be empty');

  const logger = options.logger ?? false;
  const app = Fastify({
    ...(typeof logger === 'boolean' ? { logger } : { loggerInstance: logger }),
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: MAX_MESSAGE_BYTES,
    forceCloseConnections: true,
  });
  void app.register(formbody, { bodyLimit: MAX_MESSAGE_BYTES });
  void app.register(multipart, {
    limits: { fieldSize: MAX_MESSAGE_BYTES, fileSize: MAX_MESSAGE_BYTES, fields: 2000, files: 100 },
  });
  registerErrorHandler(app);
  registerSendRoute(app, state);
  registerApiRoutes(app, state);
  registerEventRoute(app, state);
  registerInboxRoutes(app);
  app.addHook('onClose', (_instance, done) => {
    shutdown.abort();
    done();
  });
  return { app, state };
}

/** The sandbox as a Fastify instance, not listening yet (e.g. for `app.inject`). */
export function buildSandbox(options: SandboxOptions = {}): FastifyInstance {
  return createSandboxApp(options).app;
}

export interface SandboxHandle {
  /** `http://127.0.0.1:PORT`, the value for `MAILGUN_BASE_URL`. */
  readonly url: string;
  readonly port: number;
  /** The key currently accepted. */
  readonly apiKey: string;
  readonly app: FastifyInstance;
  /** Captured messages, newest first. */
  messages(filter?: MessageFilter): CapturedMessage[];
  /** A captured message by its Mailgun id (with or without angle brackets). */
  message(id: string): CapturedMessage | undefined;
  /** Messages accepted since start or the last `clear()`, including any the ring dropped. */
  count(): number;
  injectFault(spec: FaultSpec): ActiveFault;
  faults(): ActiveFault[];
  clearFaults(): void;
  setApiKey(key: string): void;
  /** Forgets every captured message and resets `count()`. */
  clear(): void;
  close(): Promise<void>;
}

/**
 * Starts a Mailgun-compatible server.
 * @example
 * const sandbox = await startSandbox();
 * // MAILGUN_BASE_URL=sandbox.url, MAILGUN_API_KEY=sandbox.apiKey
 * await expect.poll(() => sandbox.count()).toBe(1);
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
  return {
    url,
    port,
    get apiKey() {
      return state.apiKey;
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
      state.apiKey = key;
    },
    clear: () => state.store.clear(),
    close: () => app.close(),
  };
}
