import autocannon from 'autocannon';
import { SANDBOX_API_KEY, type BenchContext } from '../context.js';
import {
  BENCH_DOMAIN,
  BENCH_FROM,
  basicAuth,
  benchEnvelope,
  mailgunBody,
} from '../mailgun-form.js';
import { createRenderer } from '@fluentmeet/email-worker';

export interface CapacityResult {
  connections: number;
  durationS: number;
  requests: number;
  non2xx: number;
  errors: number;
  requestsPerSecond: number;
  bodyBytes: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
}

/**
 * The sandbox's raw capacity: autocannon replays the exact multipart request our worker sends
 * (rendered by the same renderer, same fields) over as many connections as the worker's pool.
 */
export async function measureCapacity(ctx: BenchContext): Promise<CapacityResult> {
  const envelope = benchEnvelope(0, 'capacity');
  const rendered = createRenderer().render(envelope);
  const { body, contentType } = mailgunBody(envelope, rendered, BENCH_FROM);
  const connections = ctx.opts.concurrency;
  const result = await autocannon({
    url: `${ctx.sandboxUrl}/v3/${BENCH_DOMAIN}/messages`,
    method: 'POST',
    headers: { authorization: basicAuth(SANDBOX_API_KEY), 'content-type': contentType },
    body,
    connections,
    duration: ctx.opts.capacityDurationS,
  });
  const ok = result['2xx'];
  const capacity: CapacityResult = {
    connections,
    durationS: result.duration,
    requests: ok,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    requestsPerSecond: ok / result.duration,
    bodyBytes: body.length,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
  };
  ctx.log(
    `sandbox capacity: ${capacity.requestsPerSecond.toFixed(0)} req/s over ${connections} connections (${body.length} B multipart, ${capacity.non2xx} non-2xx, ${capacity.errors} errors)`,
  );
  await ctx.sandbox.clear();
  return capacity;
}
