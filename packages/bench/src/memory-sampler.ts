import { request } from 'undici';

/** The largest values seen of the worker's own memory gauges (prom-client default metrics), MiB. */
export interface MemoryPeaks {
  heapTotalMb: number;
  heapUsedMb: number;
  externalMb: number;
  samples: number;
}

const GAUGES = {
  heapTotalMb: /^\w*nodejs_heap_size_total_bytes (\d+(?:\.\d+)?(?:e\+\d+)?)$/m,
  heapUsedMb: /^\w*nodejs_heap_size_used_bytes (\d+(?:\.\d+)?(?:e\+\d+)?)$/m,
  externalMb: /^\w*nodejs_external_memory_bytes (\d+(?:\.\d+)?(?:e\+\d+)?)$/m,
} as const;

/** Reads the memory gauges out of a Prometheus text exposition. */
export function parseMemoryGauges(text: string): Partial<Record<keyof typeof GAUGES, number>> {
  const out: Partial<Record<keyof typeof GAUGES, number>> = {};
  for (const [name, pattern] of Object.entries(GAUGES) as [keyof typeof GAUGES, RegExp][]) {
    const match = pattern.exec(text);
    if (match?.[1] !== undefined) out[name] = Number(match[1]) / 1024 / 1024;
  }
  return out;
}

/** Polls `/metrics` once a second until stopped; returns the peaks. */
export function sampleMemory(metricsUrl: string, intervalMs = 1_000): () => MemoryPeaks {
  const peaks: MemoryPeaks = { heapTotalMb: 0, heapUsedMb: 0, externalMb: 0, samples: 0 };
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    request(metricsUrl)
      .then(async (response) => {
        const gauges = parseMemoryGauges(await response.body.text());
        peaks.samples += 1;
        peaks.heapTotalMb = Math.max(peaks.heapTotalMb, gauges.heapTotalMb ?? 0);
        peaks.heapUsedMb = Math.max(peaks.heapUsedMb, gauges.heapUsedMb ?? 0);
        peaks.externalMb = Math.max(peaks.externalMb, gauges.externalMb ?? 0);
      })
      .catch(() => undefined)
      .finally(() => (busy = false));
  }, intervalMs);
  return () => {
    clearInterval(timer);
    return peaks;
  };
}
