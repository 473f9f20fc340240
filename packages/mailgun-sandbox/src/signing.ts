import { createHmac, randomBytes } from 'node:crypto';
import type { WebhookSignature } from './webhook-schemas.js';

/**
 * Signs a webhook the way Mailgun does: a 50-character random hex token, the time in
 * seconds, and the hex HMAC-SHA256 of `timestamp + token` under the webhook signing key.
 * @example
 * const body = { signature: signWebhook(key), 'event-data': eventData };
 */
export function signWebhook(
  signingKey: string,
  options: { timestampSeconds?: number; token?: string } = {},
): WebhookSignature {
  const timestamp = String(options.timestampSeconds ?? Math.floor(Date.now() / 1000));
  const token = options.token ?? randomBytes(25).toString('hex');
  const signature = createHmac('sha256', signingKey)
    .update(timestamp + token)
    .digest('hex');
  return { timestamp, token, signature };
}
