import { describe, expect, it } from 'vitest';
import { address, build, signup } from './helpers/build.js';
import { linkToken, nthEmail } from './helpers/flows.js';

const post = (route: string, email: string) => ({
  method: 'POST' as const,
  url: `/api/v1/auth/${route}`,
  payload: { email },
});

/** Closing waits for the background work behind the 202s (and publishes what it wrote). */
async function settle(app: Awaited<ReturnType<typeof build>>['app']) {
  await app.close();
}

describe('POST /api/v1/auth/resend-verification', () => {
  it('answers the same 202 for unknown, verified and unverified addresses', async () => {
    const { app, producer } = await build();
    const unverified = await signup(app);
    const verified = await signup(app);
    const token = linkToken(await nthEmail(producer, verified.email, 'verification'));
    await app.inject({ method: 'POST', url: '/api/v1/auth/verify-email', payload: { token } });

    const answers = [];
    for (const email of [address('nobody'), verified.email, unverified.email]) {
      const res = await app.inject(post('resend-verification', email));
      answers.push({ status: res.statusCode, body: res.body, type: res.headers['content-type'] });
    }
    expect(answers[0]!.status).toBe(202);
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);

    const second = await nthEmail(producer, unverified.email, 'verification', 2);
    expect(second.template).toBe('verification');
    await settle(app);
    expect(producer.to(verified.email)).toHaveLength(1);
  });

  it('invalidates the older verification link', async () => {
    const { app, producer } = await build();
    const user = await signup(app);
    const old = linkToken(await nthEmail(producer, user.email, 'verification', 1));
    await app.inject(post('resend-verification', user.email.toUpperCase()));
    const fresh = linkToken(await nthEmail(producer, user.email, 'verification', 2));

    const oldRes = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/verify-email',
      payload: { token: old },
    });
    expect(oldRes.json()).toMatchObject({ code: 'INVALID_TOKEN' });
    const freshRes = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/verify-email',
      payload: { token: fresh },
    });
    expect(freshRes.statusCode).toBe(200);
  });

  it('rejects a malformed address with 400', async () => {
    const { app } = await build();
    const res = await app.inject(post('resend-verification', 'a@b@c'));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: '/email' }] });
  });
});

describe('POST /api/v1/auth/forgot-password', () => {
  it('answers the same 202 for known and unknown addresses and emails only the known one', async () => {
    const { app, producer, clock } = await build({ env: { RESET_TOKEN_TTL_MINUTES: 30 } });
    const user = await signup(app, address(), { full_name: 'Ada' });
    const unknown = address('nobody');

    const known = await app.inject({
      ...post('forgot-password', user.email),
      headers: { 'x-request-id': 'r-1' },
    });
    const other = await app.inject(post('forgot-password', unknown));
    expect(known.statusCode).toBe(202);
    expect({
      status: other.statusCode,
      body: other.body,
      type: other.headers['content-type'],
    }).toEqual({
      status: known.statusCode,
      body: known.body,
      type: known.headers['content-type'],
    });

    const email = await nthEmail(producer, user.email, 'password_reset');
    expect(email).toMatchObject({
      correlationId: 'r-1',
      notAfter: new Date(clock.now().getTime() + 30 * 60_000).toISOString(),
      data: { expires_in_minutes: 30, full_name: 'Ada' },
    });
    expect(email.template === 'password_reset' && email.data.reset_link).toMatch(
      /^https:\/\/app\.fluentmeet\.test\/reset-password\?token=[A-Za-z0-9_-]{43}$/,
    );
    await settle(app);
    expect(producer.to(unknown)).toHaveLength(0);
  });

  it('invalidates the older reset link', async () => {
    const { app, producer } = await build();
    const user = await signup(app);
    await app.inject(post('forgot-password', user.email));
    const old = linkToken(await nthEmail(producer, user.email, 'password_reset', 1));
    await app.inject(post('forgot-password', user.email));
    const fresh = linkToken(await nthEmail(producer, user.email, 'password_reset', 2));
    expect(fresh).not.toBe(old);

    const reset = (token: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/auth/reset-password',
        payload: { token, new_password: 'a brand new secret' },
      });
    expect((await reset(old)).json()).toMatchObject({ code: 'INVALID_TOKEN' });
    expect((await reset(fresh)).statusCode).toBe(200);
  });

  for (const route of ['forgot-password', 'resend-verification'] as const) {
    it(`${route} takes as long for an unknown address as for a known one (measured, reported)`, async () => {
      const { app, producer } = await build();
      const known = await signup(app);
      await nthEmail(producer, known.email, 'verification');
      // One address of each kind, so both hit the rate-limit store the same way.
      const ghost = address('ghost');
      const rounds = 40;
      const timings = { known: [] as number[], unknown: [] as number[] };
      const bodies = new Set<string>();
      for (let i = 0; i < rounds; i += 1) {
        // Alternate the order: the work done after answering one request competes with the
        // next request, whichever kind it is.
        const order =
          i % 2 === 0 ? (['known', 'unknown'] as const) : (['unknown', 'known'] as const);
        for (const kind of order) {
          const email = kind === 'known' ? known.email : ghost;
          const start = process.hrtime.bigint();
          const res = await app.inject(post(route, email));
          timings[kind].push(Number(process.hrtime.bigint() - start) / 1e6);
          bodies.add(`${res.statusCode} ${res.headers['content-type']} ${res.body}`);
        }
      }
      const median = (values: number[]) =>
        [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
      const report = {
        rounds,
        knownMedianMs: Number(median(timings.known).toFixed(3)),
        unknownMedianMs: Number(median(timings.unknown).toFixed(3)),
      };
      console.info(`${route} timing: ${JSON.stringify(report)}`);
      expect(bodies.size).toBe(1);
      const template = route === 'forgot-password' ? 'password_reset' : 'verification';
      await nthEmail(
        producer,
        known.email,
        template,
        route === 'forgot-password' ? rounds : rounds + 1,
      );
    });
  }
});
