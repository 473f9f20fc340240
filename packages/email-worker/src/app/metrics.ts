import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { createDeliveryMetrics } from '../delivery/metrics.js';

/** Where the age of the oldest unfinished record per partition comes from (set once consuming). */
export type OldestPendingSource = () => Array<{ topic: string; partition: number; ageMs: number }>;

/** The worker's Prometheus metrics, on a registry of its own (several workers can share a process). */
export function createMetrics() {
  const registry = new Registry();
  let oldestPendingSource: OldestPendingSource = () => [];
  collectDefaultMetrics({ register: registry, prefix: 'email_worker_process_' });
  return {
    registry,
    ...createDeliveryMetrics(registry),
    inFlight: new Gauge({
      name: 'email_worker_in_flight',
      help: 'Records dispatched and not finished (sending, waiting to retry, publishing)',
      registers: [registry],
    }),
    lag: new Gauge({
      name: 'email_worker_consumer_lag',
      help: 'High watermark minus the committed offset, per partition',
      labelNames: ['topic', 'partition'],
      registers: [registry],
    }),
    suppressedAddresses: new Gauge({
      name: 'email_worker_suppressed_addresses',
      help: 'Addresses on the suppression list as this worker has read it',
      registers: [registry],
    }),
    recordsLost: new Counter({
      name: 'email_worker_records_lost_total',
      help: 'Records deleted by retention before this worker processed them (offset out of range); never delivered',
      labelNames: ['topic', 'partition'],
      registers: [registry],
    }),
    oldestPendingAge: new Gauge({
      name: 'email_worker_oldest_pending_age_seconds',
      help: 'Age (from its record timestamp) of the oldest record taken and not finished yet, per partition',
      labelNames: ['topic', 'partition'],
      registers: [registry],
      collect() {
        this.reset();
        for (const { topic, partition, ageMs } of oldestPendingSource()) {
          this.set({ topic, partition: String(partition) }, ageMs / 1000);
        }
      },
    }),
    setOldestPendingSource(source: OldestPendingSource): void {
      oldestPendingSource = source;
    },
    circuit: new Gauge({
      name: 'email_worker_circuit_state',
      help: 'Mailgun circuit: 0 closed, 1 open (outage), 2 config-error',
      registers: [registry],
    }),
  };
}
