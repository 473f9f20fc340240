import autocannon from 'autocannon';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';
import { summarize, type Summary } from '../stats.js';

export interface FixedRateResult {
  rate: number;
  durationS: number;
  connections: number;
  /** Exact 2xx latencies (ms) from autocannon's response events. */
  latencyMs: Summary;
  /** The raw latencies behind `latencyMs` (left out of the JSON file). */
  samplesMs: number[];
  /** autocannon's own coordinated-omission-corrected histogram (whole ms). */
  autocannonP50Ms: number;
  autocannonP99Ms: number;
  sent: number;
  ok: number;
  non2xx: number;
  errors: number;
}

/** `POST /api/v1/auth/forgot-password` at `rate` requests/s for `durationS`, cycling through `emails`. */
export async function forgotPasswordAtRate(
  apiUrl: string,
  emails: readonly string[],
  rate: number,
  durationS: number,
  connections: number,
): Promise<FixedRateResult> {
  let next = 0;
  const latencies: number[] = [];
  let instance: autocannon.Instance | undefined;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      {
        url: `${apiUrl}/api/v1/auth/forgot-password`,
        connections,
        overallRate: rate,
        duration: durationS,
        requests: [
          {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            setupRequest: (request) => ({
              ...request,
              body: JSON.stringify({ email: emails[next++ % emails.length] }),
            }),
          },
        ],
      },
      (error: unknown, result) =>
        error === null || error === undefined
          ? resolve(result)
          : reject(
              error instanceof Error ? error : new Error('autocannon failed', { cause: error }),
            ),
    );
  });
  instance?.on('response', (_client, statusCode, _bytes, responseTime) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
  });
  const result = await done;
  return {
    rate,
    durationS: result.duration,
    connections,
    latencyMs: summarize(latencies),
    samplesMs: latencies,
    autocannonP50Ms: result.latency.p50,
    autocannonP99Ms: result.latency.p99,
    sent: result.requests.sent,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

/** Two runs of the same condition as one sample (counts added, latencies pooled). */
export function pool(a: FixedRateResult, b: FixedRateResult): FixedRateResult {
  const samplesMs = [...a.samplesMs, ...b.samplesMs];
  return {
    ...a,
    durationS: a.durationS + b.durationS,
    latencyMs: summarize(samplesMs),
    samplesMs,
    autocannonP50Ms: Math.max(a.autocannonP50Ms, b.autocannonP50Ms),
    autocannonP99Ms: Math.max(a.autocannonP99Ms, b.autocannonP99Ms),
    sent: a.sent + b.sent,
    ok: a.ok + b.ok,
    non2xx: a.non2xx + b.non2xx,
    errors: a.errors + b.errors,
  };
}

/**
 * Sends one forgot-password request for each address, `rate` per second, and returns when
 * each answer (202) arrived, epoch ms, by lower-cased address.
 */
export async function forgotPasswordEach(
  apiUrl: string,
  emails: readonly string[],
  rate: number,
): Promise<Map<string, number>> {
  const pool = new Pool(apiUrl, { connections: 8 });
  const answered = new Map<string, number>();
  const started = performance.now();
  const pending: Promise<void>[] = [];
  try {
    for (const [i, email] of emails.entries()) {
      const due = started + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      pending.push(
        (async () => {
          const response = await pool.request({
            path: '/api/v1/auth/forgot-password',
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ email }),
          });
          await response.body.text();
          const at = Date.now();
          if (response.statusCode === 202) answered.set(email.toLowerCase(), at);
        })(),
      );
    }
    await Promise.all(pending);
  } finally {
    await pool.close();
  }
  return answered;
}

/** Creates the accounts (each signup also sends a verification email). */
export async function signupUsers(
  apiUrl: string,
  emails: readonly string[],
  parallel = 4,
): Promise<void> {
  const pool = new Pool(apiUrl, { connections: parallel });
  let next = 0;
  const lane = async () => {
    while (next < emails.length) {
      const email = emails[next++]!;
      const response = await pool.request({
        path: '/api/v1/auth/signup',
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: 'bench-password-123', full_name: 'Bench User' }),
      });
      const text = await response.body.text();
      if (response.statusCode !== 202) {
        throw new Error(`signup answered ${response.statusCode}: ${text}`);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: parallel }, lane));
  } finally {
    await pool.close();
  }
}
