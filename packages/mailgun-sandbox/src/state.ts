import type { FaultInjector } from './faults.js';
import type { MessageStore } from './message-store.js';

/** What the routes share; `apiKey` changes at run time through `PUT /api/config`. */
export interface SandboxState {
  store: MessageStore;
  faults: FaultInjector;
  apiKey: string;
  /** Lower-cased allow-list; every domain is accepted when absent. */
  domains: ReadonlySet<string> | undefined;
  /** Aborted when the server closes, to end injected waits. */
  closing: AbortSignal;
}
