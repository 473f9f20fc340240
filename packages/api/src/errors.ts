import { Type, type Static } from '@sinclair/typebox';

/** Every code an error answer can carry; the OpenAPI document lists them as an enum. */
const ERROR_CODES = [
  'VALIDATION_FAILED',
  'BAD_REQUEST',
  'NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'RATE_LIMITED',
  'INVALID_TOKEN',
  'TOKEN_EXPIRED',
  'TOKEN_USED',
  'UNAUTHORIZED',
  'OPERATOR_DISABLED',
  'NOT_SUPPRESSED',
  'WEBHOOKS_DISABLED',
  'WEBHOOK_SIGNATURE_INVALID',
  'WEBHOOK_STALE',
  'WEBHOOK_REPLAYED',
  'WEBHOOK_INVALID',
  'INTERNAL_ERROR',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** A string enum (TypeBox's unions render as `anyOf`, which OpenAPI tools show poorly). */
const ErrorCodeSchema = Type.Unsafe<ErrorCode>({
  type: 'string',
  enum: [...ERROR_CODES],
  description: 'Stable error code',
});

export const ErrorDetail = Type.Object({
  field: Type.String({ description: 'JSON pointer' }),
  message: Type.String(),
});
export type ErrorDetail = Static<typeof ErrorDetail>;

/** The body of every error answer. */
export const ErrorResponse = Type.Object(
  {
    code: ErrorCodeSchema,
    message: Type.String(),
    details: Type.Optional(Type.Array(ErrorDetail)),
  },
  { additionalProperties: false },
);
export type ErrorResponse = Static<typeof ErrorResponse>;

/**
 * The body of one error answer of one route: `ErrorResponse` with `code` narrowed to the
 * codes that answer can carry, so that clients can handle each one.
 */
export function errorResponse(
  codes: readonly ErrorCode[],
  description: string,
  options: Record<string, unknown> = {},
) {
  return Type.Object(
    {
      code: Type.Unsafe<ErrorCode>({ type: 'string', enum: [...codes] }),
      message: Type.String(),
      details: Type.Optional(Type.Array(ErrorDetail)),
    },
    { ...options, additionalProperties: false, description },
  );
}

/** An error meant for the client: a stable code, an HTTP status and a safe message. */
export class AppError extends Error {
  override readonly name = 'AppError';
  readonly code: ErrorCode;
  readonly statusCode: number;
  readonly details: ErrorDetail[] | undefined;
  /** Seconds until a rate-limited request may be tried again. */
  readonly retryAfter: number | undefined;

  constructor(
    code: ErrorCode,
    statusCode: number,
    message: string,
    options: { details?: ErrorDetail[]; retryAfter?: number; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.statusCode = statusCode;
    this.details = options.details;
    this.retryAfter = options.retryAfter;
  }
}

export const TOKEN_ERROR_CODES = ['INVALID_TOKEN', 'TOKEN_EXPIRED', 'TOKEN_USED'] as const;
export type TokenErrorCode = (typeof TOKEN_ERROR_CODES)[number];

const TOKEN_MESSAGES: Record<TokenErrorCode, string> = {
  INVALID_TOKEN: 'The link is invalid or has been replaced by a newer one.',
  TOKEN_EXPIRED: 'The link has expired; request a new one.',
  TOKEN_USED: 'The link has already been used.',
};

export function tokenError(code: TokenErrorCode): AppError {
  return new AppError(code, 400, TOKEN_MESSAGES[code]);
}
