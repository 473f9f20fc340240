export type SandboxErrorCode =
  'FAULT_INVALID' | 'OPTIONS_INVALID' | 'CONFIG_INVALID' | 'EVENT_INVALID' | 'NOT_FOUND';

/** The error class of this package: a stable `code` and an optional `cause`. */
export class SandboxError extends Error {
  override readonly name = 'SandboxError';
  readonly code: SandboxErrorCode;

  constructor(code: SandboxErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}
