import { describe, expect, inject, it } from 'vitest';
import type { EmailRequest } from '@fluentmeet/email-contracts';
import {
  emailProducer,
  makeTopics,
  sandboxFor,
  startWorkerFromEnv,
  workerEnv,
} from '../helpers.js';

const brokers = inject('kafkaBrokers');

const AUTH_EMAILS: EmailRequest[] = [
  {
    to: 'verify@example.com',
    template: 'verification',
    data: { verification_link: 'https://app.fluentmeet.test/verify-email?token=v1' },
  },
  {
    to: 'reset@example.com',
    template: 'password_reset',
    data: {
      reset_link: 'https://app.fluentmeet.test/reset-password?token=r1',
      expires_in_minutes: 60,
    },
  },
  {
    to: 'exists@example.com',
    template: 'account_exists',
    data: {
      reset_link: 'https://app.fluentmeet.test/reset-password?token=e1',
      expires_in_minutes: 60,
    },
  },
  {
    to: 'changed@example.com',
    template: 'password_changed',
    data: { changed_at: new Date().toISOString() },
  },
];

describe('email worker and Mailgun tracking', () => {
  it('never lets Mailgun track or rewrite the links of an auth email', async () => {
    const topics = await makeTopics(brokers);
    const sandbox = await sandboxFor();
    await startWorkerFromEnv(workerEnv(brokers, sandbox, topics));
    const producer = await emailProducer(brokers, topics.email);
    for (const email of AUTH_EMAILS) await producer.sendEmail(email);

    await expect.poll(() => sandbox.count(), { timeout: 15_000 }).toBe(AUTH_EMAILS.length);
    for (const message of sandbox.messages()) {
      expect({ template: message.tags[0], options: message.options }).toEqual({
        template: message.tags[0],
        options: { tracking: 'no', 'tracking-clicks': 'no', 'tracking-opens': 'no' },
      });
    }
  });
});
