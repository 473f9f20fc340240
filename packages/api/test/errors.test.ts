import { describe, expect, it } from 'vitest';
import { build, PASSWORD, anyString } from './helpers/build.js';

describe('error shape', () => {
  it('answers unknown routes with 404 NOT_FOUND and no query string echoed', async () => {
    const { app } = await build();
    const res = await app.inject({ method: 'GET', url: '/nowhere?token=secret-value' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ code: 'NOT_FOUND', message: 'Route GET /nowhere not found' });
  });

  it('answers a malformed JSON body with 400 BAD_REQUEST', async () => {
    const { app } = await build();
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/signup',
      headers: { 'content-type': 'application/json' },
      payload: '{"email":',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ code: 'BAD_REQUEST', message: anyString() });
  });

  it('answers an unsupported content type with 415 and an oversized body with 413', async () => {
    const { app } = await build();
    const text = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/signup',
      headers: { 'content-type': 'application/xml' },
      payload: '<signup/>',
    });
    expect(text.statusCode).toBe(415);
    expect(text.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
    const big = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/signup',
      payload: { email: 'a@example.com', password: PASSWORD, full_name: 'x'.repeat(20_000) },
    });
    expect(big.statusCode).toBe(413);
    expect(big.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  });

  it('hides internals of a 500 and logs them instead', async () => {
    const { app, logs } = await build();
    await app.db.schema.dropTable('tokens').execute();
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/reset-password',
      payload: { token: 'x', new_password: PASSWORD },
    });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({
      code: 'INTERNAL_ERROR',
      message: 'Something went wrong on our side.',
    });
    expect(res.body).not.toMatch(/tokens|sqlite|postgres|SQL|relation/i);
    // SQLite's words, or PostgreSQL's.
    expect(logs.text).toMatch(/no such table: tokens|relation \\"tokens\\" does not exist/);
  });
});
