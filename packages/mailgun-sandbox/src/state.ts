import type { DeliverySimulator, WebhookSettings } from './delivery-simulator.js';
import type { EventLog } from './event-log.js';
import type { FaultInjector } from './faults.js';
import type { MessageStore } from './message-store.js';
import type { WebhookPoster } from './webhook-poster.js';

/** What the routes share; `apiKey` and `webhooks` change at run time through `PUT /api/config`. */
export interface SandboxState {
  store: MessageStore;
  faults: FaultInjector;
  apiKey: string;
  /** Lower-cased allow-list; every domain is accepted when absent. */
  domains: ReadonlySet<string> | undefined;
  /** Aborted when the server closes, to end injected waits. */
  closing: AbortSignal;
  events: EventLog;
  webhooks: WebhookSettings;
  poster: WebhookPoster;
  simulator: DeliverySimulator;
}
