export {
  buildSandbox,
  createSandboxApp,
  DEFAULT_API_KEY,
  DEFAULT_MAX_MESSAGES,
  startSandbox,
  type SandboxApp,
  type SandboxHandle,
  type SandboxOptions,
} from './sandbox.js';
export {
  ActiveFault,
  CapturedMessage,
  FaultSpec,
  MessageFilter,
  type MessageSummary,
} from './schemas.js';
export { checkFaultSpec } from './faults.js';
export { SandboxError, type SandboxErrorCode } from './errors.js';
export {
  DEFAULT_RETRY_AFTER_SECONDS,
  MISSING as MISSING_PARAMETER_MESSAGES,
} from './mailgun-responses.js';
export { DEFAULT_LIST_LIMIT } from './routes/api.js';
