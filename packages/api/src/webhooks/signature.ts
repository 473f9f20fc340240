import { createHmac, timingSafeEqual } from 'node:crypto';
import { Type, type Static } from '@sinclair/typebox';

/** `signature` of a Mailgun webhook: hex HMAC-SHA256 of `timestamp + token` under the signing key. */
export const WebhookSignature = Type.Object({
  timestamp: Type.String({ pattern: '^[0-9]{1,12}$', description: 'Seconds since the epoch' }),
  token: Type.String({ minLength: 1, maxLength: 256 }),
  signature: Type.String({ maxLength: 256 }),
});
export type WebhookSignature = Static<typeof WebhookSignature>;

/** How far ahead of our clock a timestamp may be (the sender's clock may run fast). */
export const MAX_CLOCK_SKEW_SECONDS = 60;

export type SignatureCheck = 'valid' | 'invalid' | 'stale';

const HEX_SHA256 = /^[0-9a-f]{64}$/i;

/**
 * Checks a webhook signature as Mailgun specifies: the hex HMAC-SHA256 of
 * `timestamp + token` under the signing key, compared in constant time; then the
 * timestamp, which must be at most `maxAgeSeconds` old (and not more than a minute
 * ahead). The token's freshness is the replay cache's business.
 */
export function checkSignature(
  signingKey: string,
  signature: WebhookSignature,
  now: Date,
  maxAgeSeconds: number,
): SignatureCheck {
  if (!HEX_SHA256.test(signature.signature)) return 'invalid';
  const expected = createHmac('sha256', signingKey)
    .update(signature.timestamp + signature.token)
    .digest();
  if (!timingSafeEqual(Buffer.from(signature.signature, 'hex'), expected)) return 'invalid';
  const age = Math.floor(now.getTime() / 1000) - Number(signature.timestamp);
  return age > maxAgeSeconds || age < -MAX_CLOCK_SKEW_SECONDS ? 'stale' : 'valid';
}
