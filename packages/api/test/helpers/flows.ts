import type { EmailEnvelope } from '@fluentmeet/email-contracts';
import { expect } from 'vitest';
import type { FakeProducer } from './build.js';
import { tokenOf } from './build.js';

/** Waits for the `n`-th email of a template to an address and returns it. */
export async function nthEmail(
  producer: FakeProducer,
  to: string,
  template: EmailEnvelope['template'],
  n = 1,
): Promise<EmailEnvelope> {
  const of = () => producer.to(to).filter((e) => e.template === template);
  await expect.poll(() => of().length).toBeGreaterThanOrEqual(n);
  return of()[n - 1]!;
}

/** The token of the link in an email. */
export function linkToken(envelope: EmailEnvelope): string {
  if (envelope.template === 'verification') return tokenOf(envelope.data.verification_link);
  if (envelope.template === 'password_reset' || envelope.template === 'account_exists') {
    return tokenOf(envelope.data.reset_link);
  }
  throw new Error(`a ${envelope.template} email has no link`);
}
