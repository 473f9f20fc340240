import { describe, expect, it } from 'vitest';
import { fetch, request } from 'undici';
import { startSandbox, type CapturedMessage } from '../src/index.js';
import { getJson, matching, send, useSandbox, validFields, type Fields } from './helpers.js';

type Listing = { total: number; items: CapturedMessage[] };

const mail = (to: string, subject: string, tag: string, envelopeId: string): Fields => [
  ...validFields({ to, subject }),
  ['o:tag', tag],
  ['v:envelope_id', envelopeId],
];

async function seed() {
  const sandbox = await useSandbox();
  for (const fields of [
    mail('ann@example.com', 'Verify your account', 'verification', 'env-1'),
    mail('Bob <BOB@example.com>', 'Reset your password', 'password_reset', 'env-2'),
    mail('ann@example.com', 'Your password was changed', 'password_changed', 'env-3'),
  ]) {
    expect((await send(sandbox, fields)).status).toBe(200);
  }
  return sandbox;
}

const subjects = (listing: Listing) => listing.items.map((message) => message.subject);

describe('JSON API', () => {
  it('lists messages newest first', async () => {
    const sandbox = await seed();
    const listing = await getJson<Listing>(sandbox, '/api/messages');

    expect(listing.total).toBe(3);
    expect(subjects(listing)).toEqual([
      'Your password was changed',
      'Reset your password',
      'Verify your account',
    ]);
  });

  it.each([
    ['to=bob@example.com', ['Reset your password']],
    ['to=ANN@example.com', ['Your password was changed', 'Verify your account']],
    ['tag=verification', ['Verify your account']],
    ['envelope_id=env-2', ['Reset your password']],
    ['q=password', ['Your password was changed', 'Reset your password']],
    ['q=BOB', ['Reset your password']],
    ['limit=1', ['Your password was changed']],
    ['to=ann@example.com&tag=password_changed', ['Your password was changed']],
    ['to=nobody@example.com', []],
  ])('filters with ?%s', async (query, expected) => {
    const sandbox = await seed();
    expect(subjects(await getJson<Listing>(sandbox, `/api/messages?${query}`))).toEqual(expected);
  });

  it('filters the same way through the handle', async () => {
    const sandbox = await seed();
    expect(sandbox.messages({ to: 'bob@example.com' }).map((m) => m.envelopeId)).toEqual(['env-2']);
    expect(sandbox.messages({ limit: 2 })).toHaveLength(2);
  });

  it('rejects a limit that is not a positive integer', async () => {
    const sandbox = await useSandbox();
    const response = await fetch(`${sandbox.url}/api/messages?limit=0`);
    expect(response.status).toBe(400);
  });

  it('gets one message by its Mailgun id, with or without angle brackets', async () => {
    const sandbox = await seed();
    const [newest] = sandbox.messages();
    const id = newest?.id ?? '';

    const withBrackets = await getJson<CapturedMessage>(
      sandbox,
      `/api/messages/${encodeURIComponent(id)}`,
    );
    const bare = await getJson<CapturedMessage>(
      sandbox,
      `/api/messages/${encodeURIComponent(id.slice(1, -1))}`,
    );

    expect(withBrackets).toEqual(newest);
    expect(bare).toEqual(newest);
    const missing = await fetch(`${sandbox.url}/api/messages/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ message: 'Message not found' });
  });

  it('counts accepted messages and deletes them all', async () => {
    const sandbox = await seed();
    expect(await getJson(sandbox, '/api/messages/count')).toEqual({ count: 3, stored: 3 });

    const response = await fetch(`${sandbox.url}/api/messages`, { method: 'DELETE' });

    expect(response.status).toBe(204);
    expect(await getJson(sandbox, '/api/messages/count')).toEqual({ count: 0, stored: 0 });
    expect(sandbox.count()).toBe(0);
    expect((await getJson<Listing>(sandbox, '/api/messages')).items).toEqual([]);
  });

  it('keeps only the newest maxMessages, still counting every accepted one', async () => {
    const sandbox = await useSandbox({ maxMessages: 3 });
    for (let i = 1; i <= 5; i++) {
      expect((await send(sandbox, validFields({ subject: `#${i}` }))).status).toBe(200);
    }

    expect(sandbox.messages().map((m) => m.subject)).toEqual(['#5', '#4', '#3']);
    expect(await getJson(sandbox, '/api/messages/count')).toEqual({ count: 5, stored: 3 });
  });

  it('changes the accepted key through PUT /api/config', async () => {
    const sandbox = await useSandbox();
    const response = await fetch(`${sandbox.url}/api/config`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ apiKey: 'key-rotated' }),
    });

    expect(response.status).toBe(204);
    expect(sandbox.apiKey).toBe('key-rotated');
    expect((await send(sandbox, validFields(), { key: 'key-rotated' })).status).toBe(200);
    expect(await getJson(sandbox, '/api/config')).toMatchObject({
      domains: null,
      maxMessages: 10_000,
    });
  });

  it('streams captured messages and clears as Server-Sent Events', async () => {
    const sandbox = await useSandbox();
    const events = await request(`${sandbox.url}/api/events`);
    expect(events.statusCode).toBe(200);
    expect(events.headers['content-type']).toMatch(/^text\/event-stream/);
    let received = '';
    events.body.setEncoding('utf8');
    events.body.on('data', (chunk: string) => {
      received += chunk;
    });

    await send(sandbox, validFields({ subject: 'Live' }));
    await fetch(`${sandbox.url}/api/messages`, { method: 'DELETE' });

    await expect.poll(() => received).toContain('event: cleared');
    const data = /event: message\ndata: (.+)\n\n/.exec(received)?.[1];
    expect(JSON.parse(data ?? '{}')).toMatchObject({
      id: matching(/^<\d{14}\./),
      subject: 'Live',
      to: ['ann@example.com'],
    });
    events.body.destroy();
  });

  it('ends open event streams when it closes', async () => {
    const sandbox = await startSandbox();
    const events = await request(`${sandbox.url}/api/events`);
    const ended = new Promise<void>((resolve) => events.body.on('end', resolve).resume());

    await sandbox.close();

    await expect(ended).resolves.toBeUndefined();
  });
});
