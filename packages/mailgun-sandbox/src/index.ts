export {
  buildSandbox,
  createSandboxApp,
  DEFAULT_API_KEY,
  DEFAULT_MAX_MESSAGES,
  type SandboxApp,
  type SandboxOptions,
} from './sandbox.js';
export { startSandbox, type SandboxHandle } from './handle.js';
export {
  ActiveFault,
  CapturedMessage,
  FaultSpec,
  MessageFilter,
  type DeliveryFaultSpec,
  type DeliveryOutcome,
  type MessageSummary,
  type SandboxConfigUpdate,
  type SendFaultSpec,
} from './schemas.js';
export {
  EventData,
  WebhookPayload,
  type EventFilter,
  type MessageStatus,
  type SandboxEvent,
  type TriggerEventSpec,
  type WebhookAttempt,
  type WebhookDelivery,
  type WebhookName,
  type WebhookStats,
  type WebhookUrls,
} from './webhook-schemas.js';
export { checkFaultSpec } from './faults.js';
export { DEFAULT_WEBHOOK_RETRY_SCHEDULE_MS, DEFAULT_WEBHOOK_SIGNING_KEY } from './settings.js';
export { signWebhook } from './signing.js';
export { SandboxError, type SandboxErrorCode } from './errors.js';
export {
  DEFAULT_RETRY_AFTER_SECONDS,
  MISSING as MISSING_PARAMETER_MESSAGES,
} from './mailgun-responses.js';
export { DEFAULT_LIST_LIMIT } from './routes/api.js';
