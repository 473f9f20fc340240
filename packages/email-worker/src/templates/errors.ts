export type RenderErrorCode = 'UNKNOWN_TEMPLATE' | 'TEMPLATE_DATA_INVALID' | 'TEMPLATE_FAILED';

/** A message that cannot be rendered; retrying will not help (dead-letter it). */
export class RenderError extends Error {
  override readonly name = 'RenderError';
  readonly code: RenderErrorCode;
  readonly retryable = false;

  constructor(code: RenderErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}
