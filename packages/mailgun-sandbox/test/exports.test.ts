import { expect, it } from 'vitest';
import * as sandbox from '../src/index.js';

it('exports exactly the public API', () => {
  expect(Object.keys(sandbox).sort()).toEqual([
    'ActiveFault',
    'CapturedMessage',
    'DEFAULT_API_KEY',
    'DEFAULT_LIST_LIMIT',
    'DEFAULT_MAX_MESSAGES',
    'DEFAULT_RETRY_AFTER_SECONDS',
    'DEFAULT_WEBHOOK_RETRY_SCHEDULE_MS',
    'DEFAULT_WEBHOOK_SIGNING_KEY',
    'EventData',
    'FaultSpec',
    'MISSING_PARAMETER_MESSAGES',
    'MessageFilter',
    'SandboxError',
    'WebhookPayload',
    'buildSandbox',
    'checkFaultSpec',
    'createSandboxApp',
    'signWebhook',
    'startSandbox',
  ]);
});

it('builds an app that answers without listening', async () => {
  const app = sandbox.buildSandbox();
  const response = await app.inject({ method: 'GET', url: '/api/messages/count' });
  expect(response.json()).toEqual({ count: 0, stored: 0 });
  await app.close();
});
