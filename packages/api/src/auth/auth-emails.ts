import { buildEnvelope, type EmailRequest } from '@fluentmeet/email-contracts';
import type { Transaction } from 'kysely';
import type { Database, User } from '../db/schema.js';
import { enqueueEmail } from '../outbox/outbox-store.js';
import { issueToken } from './token-store.js';
import { linkTo } from './tokens.js';

export interface AuthSettings {
  publicAppUrl: string;
  verificationTtlHours: number;
  resetTtlMinutes: number;
}

type Trx = Transaction<Database>;

const HOUR = 3_600_000;
const MINUTE = 60_000;

function nameOf(user: User): { full_name?: string } {
  return user.full_name === null ? {} : { full_name: user.full_name };
}

/**
 * Writes the email to the outbox, in the transaction of the change it tells about, in
 * the language stored on the account (never the requester's: the answer to forgot-password
 * and resend-verification must not depend on who asks).
 */
async function enqueue(trx: Trx, now: Date, user: User, request: EmailRequest): Promise<void> {
  await enqueueEmail(trx, buildEnvelope({ ...request, locale: user.language }, now), now);
}

/** A new verification link (older unused ones stop working), in a `verification` email. */
export async function sendVerification(
  trx: Trx,
  settings: AuthSettings,
  user: User,
  now: Date,
  correlationId: string,
): Promise<void> {
  const hours = settings.verificationTtlHours;
  const expiresAt = new Date(now.getTime() + hours * HOUR);
  const token = await issueToken(trx, user.id, 'verify_email', now, expiresAt);
  await enqueue(trx, now, user, {
    to: user.email,
    template: 'verification',
    data: {
      verification_link: linkTo(settings.publicAppUrl, 'verify-email', token),
      expires_in_hours: hours,
      ...nameOf(user),
    },
    correlationId,
    notAfter: expiresAt,
  });
}

/** A new reset link, in a `password_reset` email or an `account_exists` one. */
export async function sendResetLink(
  trx: Trx,
  settings: AuthSettings,
  user: User,
  template: 'password_reset' | 'account_exists',
  now: Date,
  correlationId: string,
): Promise<void> {
  const minutes = settings.resetTtlMinutes;
  const expiresAt = new Date(now.getTime() + minutes * MINUTE);
  const token = await issueToken(trx, user.id, 'reset_password', now, expiresAt);
  const data = {
    reset_link: linkTo(settings.publicAppUrl, 'reset-password', token),
    expires_in_minutes: minutes,
    ...nameOf(user),
  };
  // Spelled out per template: the two share a data shape, not a type.
  const email = template === 'password_reset' ? { template, data } : { template, data };
  await enqueue(trx, now, user, { to: user.email, ...email, correlationId, notAfter: expiresAt });
}

export async function sendPasswordChanged(
  trx: Trx,
  user: User,
  now: Date,
  correlationId: string,
): Promise<void> {
  await enqueue(trx, now, user, {
    to: user.email,
    template: 'password_changed',
    data: { changed_at: now.toISOString(), ...nameOf(user) },
    correlationId,
  });
}
