import { Value } from '@sinclair/typebox/value';
import type { WebhookSettings } from './delivery-simulator.js';
import { SandboxError, type SandboxErrorCode } from './errors.js';
import { SandboxConfigUpdate } from './schemas.js';
import {
  OUTCOME_WEBHOOKS,
  WEBHOOK_NAMES,
  type WebhookName,
  type WebhookUrls,
} from './webhook-schemas.js';

export const DEFAULT_WEBHOOK_SIGNING_KEY = 'sandbox-webhook-signing-key';
/**
 * Mailgun retries a webhook 5 min, 10 min, 15 min, 1 h, 2 h and 4 h after each failure
 * (about 8 h in all); this is that schedule 300 times faster, about 90 s in all.
 */
export const DEFAULT_WEBHOOK_RETRY_SCHEDULE_MS: readonly number[] = [
  1_000, 2_000, 3_000, 12_000, 24_000, 48_000,
];

export const noWebhookUrls = (): Record<WebhookName, string[]> =>
  Object.fromEntries(WEBHOOK_NAMES.map((name) => [name, []])) as unknown as Record<
    WebhookName,
    string[]
  >;

/** Checks and applies a config change (of `PUT /api/config` or of the handle). */
export function applyConfigUpdate(
  target: { apiKey: string; webhooks: WebhookSettings },
  update: unknown,
  code: SandboxErrorCode = 'CONFIG_INVALID',
): void {
  const issue = Value.Errors(SandboxConfigUpdate, update).First();
  if (issue !== undefined) {
    throw new SandboxError(code, `config ${issue.path || '/'}: ${issue.message}`);
  }
  const checked = update as SandboxConfigUpdate;
  const lists = Object.entries(checked.webhooks ?? {}).filter(
    (entry): entry is [WebhookName, string[]] => entry[1] !== undefined,
  );
  const urls = [
    ...(checked.webhookUrl === undefined ? [] : [checked.webhookUrl]),
    ...lists.flatMap(([, list]) => list),
  ];
  const invalid = urls.find((url) => !URL.canParse(url));
  if (invalid !== undefined) throw new SandboxError(code, `not a valid webhook URL: ${invalid}`);

  const settings = target.webhooks;
  if (checked.apiKey !== undefined) target.apiKey = checked.apiKey;
  if (checked.webhookUrl !== undefined) {
    for (const name of OUTCOME_WEBHOOKS) settings.urls[name] = [checked.webhookUrl];
  }
  for (const [name, list] of lists) settings.urls[name] = [...list];
  if (checked.webhookSigningKey !== undefined) settings.signingKey = checked.webhookSigningKey;
  if (checked.webhookRetryScheduleMs !== undefined) {
    settings.retryScheduleMs = [...checked.webhookRetryScheduleMs];
  }
  if (checked.deliveryDelayMs !== undefined) settings.deliveryDelayMs = checked.deliveryDelayMs;
  if (checked.addressRules !== undefined) settings.addressRules = checked.addressRules;
}

/** The settings as `GET /api/config` shows them: no keys. */
export function describeSettings(settings: WebhookSettings): {
  webhooks: Required<WebhookUrls>;
  webhookRetryScheduleMs: number[];
  deliveryDelayMs: number;
  addressRules: boolean;
} {
  return {
    webhooks: structuredClone(settings.urls),
    webhookRetryScheduleMs: [...settings.retryScheduleMs],
    deliveryDelayMs: settings.deliveryDelayMs,
    addressRules: settings.addressRules,
  };
}
