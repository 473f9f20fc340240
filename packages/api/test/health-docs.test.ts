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
    const doc = res.json<{
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, unknown> };
    }>();
    expect(Object.keys(doc.components.schemas)).toEqual(['ErrorResponse']);
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
    const signupDoc = JSON.stringify(doc.paths['/api/v1/auth/signup']);
    expect(signupDoc).toContain('"201"');
    expect(signupDoc).toContain('"409"');
    expect(signupDoc).toContain('minLength":8');
    expect(signupDoc).toContain('#/components/schemas/ErrorResponse');
  });

  it('lists every error code as an enum of the error body', async () => {
    const { app } = await build();
    const doc = (await app.inject({ method: 'GET', url: '/docs/json' })).json<{
      components: { schemas: { ErrorResponse: { properties: { code: unknown } } } };
    }>();
    expect(doc.components.schemas.ErrorResponse.properties.code).toMatchObject({
      type: 'string',
      enum: expect.arrayContaining([
        'VALIDATION_FAILED',
        'EMAIL_ALREADY_REGISTERED',
        'TOKEN_EXPIRED',
        'RATE_LIMITED',
        'INTERNAL_ERROR',
      ]) as unknown,
    });
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
