import { addressOf } from './message-store.js';
import type { DeliveryFaultSpec } from './schemas.js';

/**
 * Outcomes chosen by the recipient's address alone, so that a test or a person at the inbox
 * can provoke them without injecting a fault: `bounce+anything@…` bounces, and so on.
 */
export const ADDRESS_RULES: readonly { localPart: string; spec: DeliveryFaultSpec }[] = [
  { localPart: 'bounce', spec: { outcome: 'permanent_fail' } },
  { localPart: 'tempfail', spec: { outcome: 'temporary_fail', then: 'delivered' } },
  { localPart: 'complain', spec: { outcome: 'complained' } },
  { localPart: 'unsubscribe', spec: { outcome: 'unsubscribed' } },
];

/** The rule for `bounce@x`, `Bounce+ann@x`, `"Ann" <bounce+1@x>`; none for other addresses. */
export function addressRule(recipient: string): DeliveryFaultSpec | undefined {
  const address = addressOf(recipient);
  const at = address.lastIndexOf('@');
  if (at < 0) return undefined;
  const local = address.slice(0, at);
  const plus = local.indexOf('+');
  const base = plus < 0 ? local : local.slice(0, plus);
  return ADDRESS_RULES.find((rule) => rule.localPart === base)?.spec;
}
