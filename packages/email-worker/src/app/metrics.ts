import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { createDeliveryMetrics } from '../delivery/metrics.js';

/** The worker's Prometheus metrics, on a registry of its own (several workers can share a process). */
export function createMetrics() {
  const registry = new Registry();
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
    circuit: new Gauge({
      name: 'email_worker_circuit_state',
      help: 'Mailgun circuit: 0 closed, 1 open (outage), 2 config-error',
      registers: [registry],
    }),
  };
}
