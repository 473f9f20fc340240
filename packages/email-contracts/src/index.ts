export {
  TOPICS,
  QUEUE_RETENTION_MS,
  DEFAULT_CONSUMER_GROUP,
  ENVELOPE_VERSION,
  SUPPRESSION_VERSION,
  HEADERS,
  RETRY_HEADERS,
  DLQ_HEADERS,
  CONTENT_TYPE_JSON,
} from './constants.js';
export {
  EmailAddress,
  HttpUrl,
  IsoDateTime,
  Locale,
  FullName,
  VerificationData,
  PasswordResetData,
  PasswordChangedData,
  AccountExistsData,
  TEMPLATE_DATA,
  TEMPLATE_NAMES,
  VerificationEnvelope,
  PasswordResetEnvelope,
  PasswordChangedEnvelope,
  AccountExistsEnvelope,
  CustomEnvelope,
  CUSTOM_LIMITS,
  CUSTOM_TEMPLATE,
  ENVELOPE_TEMPLATES,
  ENVELOPE_BY_TEMPLATE,
  EmailEnvelope,
} from './schemas.js';
export type {
  TemplateName,
  TemplateData,
  EnvelopeTemplate,
  EmailRequest,
  TemplateEmailRequest,
  CustomEmailRequest,
} from './schemas.js';
export { EmailContractError } from './errors.js';
export type { ContractErrorCode, ValidationIssue } from './errors.js';
export { envelopeIssues, isEmailEnvelope, assertEmailEnvelope, parseEnvelope } from './validate.js';
export { buildEnvelope, envelopeKey, toRecord } from './envelope.js';
export type { EnvelopeRecord } from './envelope.js';
export { LANGUAGES, DEFAULT_LANGUAGE, MAX_LOCALE_LENGTH, isLanguage, isLocale } from './locale.js';
export type { Language } from './locale.js';
export { emailKey, isEmail, isHttpUrl, normalizeEmail } from './formats.js';
export {
  SuppressionReason,
  SuppressionRecord,
  assertSuppression,
  buildSuppression,
  parseSuppression,
  suppressionKey,
  suppressionToRecord,
} from './suppression.js';
export { parseEnv } from './env.js';
export type { EnvCheck, EnvSource } from './env.js';
export { LOG_LEVELS, logLevelEnv, TopicsEnv, topicSet, topicsEnvProblems } from './settings.js';
export type { LogLevel, TopicSet } from './settings.js';
export { backoffDelay } from './backoff.js';
export type { BackoffOptions } from './backoff.js';
export { REDACTED, redactText, maskEmail } from './redact.js';
