import { describe, expect, it } from 'vitest';
import { fetch, FormData } from 'undici';
import { basicAuth, matching, send, useSandbox, validFields } from './helpers.js';

const MESSAGE_ID = /^<\d{14}\.[0-9a-f]{16}@mg\.fluentmeet\.com>$/;

describe('POST /v3/:domain/messages', () => {
  it('queues a multipart message and captures every Mailgun field', async () => {
    const sandbox = await useSandbox();
    const response = await send(sandbox, [
      ...validFields({ to: 'Ann <Ann@Example.com>' }),
      ['o:tag', 'verification'],
      ['o:tracking', 'no'],
      ['v:envelope_id', '0193a5b0-0000-7000-8000-000000000001'],
      ['h:X-FluentMeet-Envelope-Id', '0193a5b0-0000-7000-8000-000000000001'],
    ]);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await response.json()) as { id: string; message: string };
    expect(body).toEqual({ id: matching(MESSAGE_ID), message: 'Queued. Thank you.' });

    expect(sandbox.count()).toBe(1);
    expect(sandbox.messages()).toEqual([
      {
        id: body.id,
        receivedAt: matching(/^\d{4}-\d\d-\d\dT/),
        domain: 'mg.fluentmeet.com',
        from: 'FluentMeet <no-reply@fluentmeet.com>',
        to: ['Ann <Ann@Example.com>'],
        cc: [],
        bcc: [],
        subject: 'Verify your FluentMeet account',
        text: 'Open https://app.fluentmeet.com/verify-email?token=abc',
        html: '<p><a href="https://app.fluentmeet.com/verify-email?token=abc">Verify</a></p>',
        tags: ['verification'],
        variables: { envelope_id: '0193a5b0-0000-7000-8000-000000000001' },
        headers: { 'X-FluentMeet-Envelope-Id': '0193a5b0-0000-7000-8000-000000000001' },
        options: { tracking: 'no' },
        envelopeId: '0193a5b0-0000-7000-8000-000000000001',
        attachmentCount: 0,
      },
    ]);
    expect(sandbox.message(body.id)?.subject).toBe('Verify your FluentMeet account');
  });

  it('queues a url-encoded message the same way', async () => {
    const sandbox = await useSandbox();
    const response = await send(sandbox, [...validFields(), ['o:tag', 'password_reset']], {
      encoding: 'urlencoded',
    });

    expect(response.status).toBe(200);
    const [message] = sandbox.messages();
    expect(message).toMatchObject({ to: ['ann@example.com'], tags: ['password_reset'] });
    expect(message?.html).toContain('token=abc');
  });

  it.each(['multipart', 'urlencoded'] as const)(
    'turns repeated fields into arrays (%s)',
    async (encoding) => {
      const sandbox = await useSandbox();
      const response = await send(
        sandbox,
        [
          ...validFields({ to: 'ann@example.com' }),
          ['to', 'bob@example.com, "Doe, Carl" <carl@example.com>'],
          ['o:tag', 'one'],
          ['o:tag', 'two'],
        ],
        { encoding },
      );

      expect(response.status).toBe(200);
      expect(sandbox.messages()[0]).toMatchObject({
        to: ['ann@example.com', 'bob@example.com', '"Doe, Carl" <carl@example.com>'],
        tags: ['one', 'two'],
      });
    },
  );

  it('accepts and counts attachments without keeping them', async () => {
    const sandbox = await useSandbox();
    const form = new FormData();
    for (const [name, value] of validFields()) form.append(name, value);
    form.append('attachment', new Blob(['%PDF-1.4 fake']), 'invoice.pdf');
    const response = await fetch(`${sandbox.url}/v3/mg.fluentmeet.com/messages`, {
      method: 'POST',
      headers: { authorization: basicAuth(sandbox.apiKey) },
      body: form,
    });

    expect(response.status).toBe(200);
    expect(sandbox.messages()[0]?.attachmentCount).toBe(1);
  });

  it.each([
    ['a wrong key', { key: 'key-wrong' }],
    ['no credentials', { key: undefined }],
  ])('answers 401 Forbidden in plain text for %s', async (_case, { key }) => {
    const sandbox = await useSandbox({ apiKey: 'key-right' });
    const form = new FormData();
    for (const [name, value] of validFields()) form.append(name, value);
    const response = await fetch(`${sandbox.url}/v3/mg.fluentmeet.com/messages`, {
      method: 'POST',
      headers: key === undefined ? {} : { authorization: basicAuth(key) },
      body: form,
    });

    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await response.text()).toBe('Forbidden');
    expect(sandbox.count()).toBe(0);
  });

  it('rejects a user other than api', async () => {
    const sandbox = await useSandbox();
    const response = await fetch(`${sandbox.url}/v3/mg.fluentmeet.com/messages`, {
      method: 'POST',
      headers: { authorization: basicAuth(sandbox.apiKey, 'admin') },
      body: new URLSearchParams(validFields()),
    });
    expect(response.status).toBe(401);
  });

  it('accepts the new key after setApiKey, and only it', async () => {
    const sandbox = await useSandbox();
    expect((await send(sandbox, validFields(), { key: 'key-new' })).status).toBe(401);

    sandbox.setApiKey('key-new');

    expect((await send(sandbox, validFields(), { key: 'key-new' })).status).toBe(200);
    expect((await send(sandbox, validFields(), { key: 'key-sandbox' })).status).toBe(401);
  });

  it('answers 404 Domain not found outside the allow-list', async () => {
    const sandbox = await useSandbox({ domains: ['mg.fluentmeet.com'] });

    const response = await send(sandbox, validFields(), { domain: 'other.example.com' });

    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ message: 'Domain not found: other.example.com' });
    expect((await send(sandbox, validFields(), { domain: 'MG.fluentmeet.com' })).status).toBe(200);
  });

  it.each([
    ['from', "'from' parameter is missing"],
    ['to', "'to' parameter is missing"],
    ['subject', "'subject' parameter is missing"],
  ])('answers 400 when %s is missing', async (field, message) => {
    const sandbox = await useSandbox();
    const fields = validFields().filter(([name]) => name !== field);

    const response = await send(sandbox, fields);

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ message });
    expect(sandbox.count()).toBe(0);
  });

  it('answers 400 when there is no text, html or template', async () => {
    const sandbox = await useSandbox();
    const fields = validFields().filter(([name]) => name !== 'text' && name !== 'html');

    const response = await send(sandbox, fields, { encoding: 'urlencoded' });

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      message: "Need at least one of 'text', 'html', 'amp-html' or 'template' parameters specified",
    });
  });

  it('reads no fields from a JSON body, as Mailgun does', async () => {
    const sandbox = await useSandbox();
    const response = await fetch(`${sandbox.url}/v3/mg.fluentmeet.com/messages`, {
      method: 'POST',
      headers: { authorization: basicAuth(sandbox.apiKey), 'content-type': 'application/json' },
      body: JSON.stringify(Object.fromEntries(validFields())),
    });

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ message: "'from' parameter is missing" });
  });

  it('accepts a template instead of a body', async () => {
    const sandbox = await useSandbox();
    const fields = validFields().filter(([name]) => name !== 'text' && name !== 'html');

    const response = await send(sandbox, [...fields, ['template', 'welcome']]);

    expect(response.status).toBe(200);
    expect(sandbox.messages()[0]?.template).toBe('welcome');
  });
});
