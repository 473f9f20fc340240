export type ContractErrorCode =
  | 'ENVELOPE_INVALID'
  | 'ENVELOPE_NOT_JSON'
  | 'UNKNOWN_TEMPLATE'
  | 'SUPPRESSION_INVALID'
  | 'PRODUCER_NOT_CONNECTED'
  | 'PUBLISH_FAILED'
  | 'CONFIG_INVALID';

export interface ValidationIssue {
  /** JSON pointer of the offending value, e.g. `/data/reset_link`. */
  path: string;
  message: string;
}

/** The one error class of this package: a stable `code`, optional `details` and `cause`. */
export class EmailContractError extends Error {
  override readonly name = 'EmailContractError';
  readonly code: ContractErrorCode;
  readonly details: ValidationIssue[];
  /** Whether trying the same thing again later can succeed. */
  readonly retryable: boolean;

  constructor(
    code: ContractErrorCode,
    message: string,
    options: { details?: ValidationIssue[]; cause?: unknown; retryable?: boolean } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details ?? [];
    this.retryable = options.retryable ?? false;
  }
}
