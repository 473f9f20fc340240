import { describe, expect, it } from 'vitest';
import { build, signup } from './helpers/build.js';

describe('health', () => {
  it('is live', async () => {
    const { app } = await build();
    const res = await app.inject({ method: 'GET', url: '/health/live' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('is ready with the database up, and reports the outbox backlog and its age', async () => {
    const { app, producer, clock } = await build();
    producer.down = true;
    await signup(app);
    clock.advance(5000);
    await signup(app);
    clock.advance(1500);
    const res = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      status: 'ready',
      database: 'ok',
      outbox: { pending: 2, oldest_pending_age_ms: 6500, failed: 0, kafka_connected: false },
    });
  });

  it('is unavailable when the database is gone', async () => {
    const { app } = await build();
    await app.db.destroy();
    const res = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ status: 'unavailable', database: 'error' });
  });
});

describe('API documentation', () => {
  it('serves an OpenAPI document built from the route schemas', async () => {
    const { app } = await build();
    const res = await app.inject({ method: 'GET', url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json<{ openapi: string; paths: Record<string, Record<string, unknown>> }>();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/api/v1/auth/forgot-password',
      '/api/v1/auth/resend-verification',
      '/api/v1/auth/reset-password',
      '/api/v1/auth/signup',
      '/api/v1/auth/verify-email',
      '/api/v1/operator/emails/{envelopeId}',
      '/api/v1/operator/suppressions/lift',
      '/api/v1/operator/suppressions/lookup',
      '/api/v1/webhooks/mailgun',
      '/health/live',
      '/health/ready',
    ]);
    expect(Object.keys(doc.paths['/api/v1/auth/verify-email']!)).toEqual(['post']);
    expect(JSON.stringify(doc.paths['/api/v1/auth/signup'])).toContain('minLength":8');
  });

  it('names every error code a route can answer, as enums of its responses', async () => {
    const { app } = await build();
    const text = (await app.inject({ method: 'GET', url: '/docs/json' })).body;
    const codes = new Set(
      [...text.matchAll(/"enum":\[([^\]]*)\]/g)].flatMap(
        (m) => JSON.parse(`[${m[1]}]`) as string[],
      ),
    );
    for (const code of [
      'VALIDATION_FAILED',
      'BAD_REQUEST',
      'PAYLOAD_TOO_LARGE',
      'UNSUPPORTED_MEDIA_TYPE',
      'RATE_LIMITED',
      'INVALID_TOKEN',
      'TOKEN_EXPIRED',
      'TOKEN_USED',
      'INTERNAL_ERROR',
    ]) {
      expect(codes).toContain(code);
    }
  });

  it('serves the interactive page and its assets locally', async () => {
    const { app } = await build();
    const page = await app.inject({ method: 'GET', url: '/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Swagger UI');
    const asset = await app.inject({ method: 'GET', url: '/docs/static/swagger-ui-bundle.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toContain('javascript');
    // Every script and stylesheet is relative: nothing is fetched from the network.
    expect(page.body).not.toMatch(/(src|href)="https?:/);
  });
});
