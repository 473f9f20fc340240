import { describe, expect, inject, it } from 'vitest';
import {
  makeTopics,
  produceRaw,
  rawRecord,
  sandboxFor,
  startWorkerFromEnv,
  workerEnv,
} from '../helpers.js';

const brokers = inject('kafkaBrokers');

describe('email worker and copies of one envelope in flight at once', () => {
  it('sends three concurrent copies of one envelope id once', async () => {
    const topics = await makeTopics(brokers, 1);
    const sandbox = await sandboxFor({ faults: [{ latencyMs: 300 }] });
    const worker = await startWorkerFromEnv(workerEnv(brokers, sandbox, topics));
    const record = rawRecord(1);
    const { id } = JSON.parse(record.value) as { id: string };
    await produceRaw(brokers, topics.email, [record, record, record]);

    await expect
      .poll(() => worker.metricsRegistry.metrics(), { timeout: 15_000 })
      .toMatch(/email_worker_duplicates_skipped_total 2/);
    expect(sandbox.messages({ envelope_id: id })).toHaveLength(1);
  });

  it('sends once when the first copy moves to the retry topic while the others wait', async () => {
    const topics = await makeTopics(brokers, 1);
    const sandbox = await sandboxFor({
      faults: [
        { status: 429, body: 'try again after 1 seconds', count: 1, latencyMs: 300 },
        { latencyMs: 300 },
      ],
    });
    const worker = await startWorkerFromEnv(
      workerEnv(brokers, sandbox, topics, { RETRY_INLINE_MAX_MS: '200' }),
    );
    const record = rawRecord(2);
    const { id } = JSON.parse(record.value) as { id: string };
    await produceRaw(brokers, topics.email, [record, record, record]);

    // The two waiting copies and the copy on the retry topic: one send, two skips.
    await expect
      .poll(() => worker.metricsRegistry.metrics(), { timeout: 15_000 })
      .toMatch(/email_worker_duplicates_skipped_total 2/);
    expect(sandbox.messages({ envelope_id: id })).toHaveLength(1);
  });
});
