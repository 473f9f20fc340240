import { describe, expect, it } from 'vitest';
import { parseMemoryGauges } from '../src/memory-sampler.js';

describe('parseMemoryGauges', () => {
  it('reads the prefixed prom-client heap gauges in MiB', () => {
    const text = [
      '# HELP email_worker_process_nodejs_heap_size_total_bytes Process heap size from Node.js in bytes.',
      '# TYPE email_worker_process_nodejs_heap_size_total_bytes gauge',
      'email_worker_process_nodejs_heap_size_total_bytes 52428800',
      'email_worker_process_nodejs_heap_size_used_bytes 31457280',
      'email_worker_process_nodejs_external_memory_bytes 1.048576e+6',
    ].join('\n');
    expect(parseMemoryGauges(text)).toEqual({ heapTotalMb: 50, heapUsedMb: 30, externalMb: 1 });
  });

  it('leaves out gauges that are absent', () => {
    expect(parseMemoryGauges('other_metric 1')).toEqual({});
  });
});
