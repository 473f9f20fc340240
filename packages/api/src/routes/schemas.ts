import { errorResponse, TOKEN_ERROR_CODES, type ErrorCode } from '../errors.js';

// Each route declares every status it can answer, each with exactly the codes it can
// carry (an enum a client can handle exhaustively), built from these pieces.

export const rateLimited = errorResponse(
  ['RATE_LIMITED'],
  'Too many requests from this client or for this address; retry after Retry-After',
  {
    // @fastify/swagger turns this into the response's headers in the OpenAPI document.
    headers: {
      'retry-after': {
        type: 'string',
        pattern: '^[1-9][0-9]*$',
        description: 'Seconds until the limit allows another request',
      },
    },
  },
);

export const internalError = errorResponse(
  ['INTERNAL_ERROR'],
  'A failure on our side; the answer shows nothing of it',
);

/** The answers to a JSON body that cannot be taken; `extra400` adds the route's own 400 codes. */
export function bodyErrors(extra400: readonly ErrorCode[] = [], description?: string) {
  return {
    400: errorResponse(
      ['VALIDATION_FAILED', 'BAD_REQUEST', ...extra400],
      description ?? 'The body is not valid JSON or breaks the schema (details name each field)',
    ),
    413: errorResponse(['PAYLOAD_TOO_LARGE'], 'The body is larger than the limit (16 KiB)'),
    415: errorResponse(['UNSUPPORTED_MEDIA_TYPE'], 'The body is not application/json'),
  };
}

/**
 * Every error answer of an auth route (a JSON body, rate-limited); `tokens` adds the
 * codes of a link's token.
 */
export function authErrors(options: { tokens?: boolean } = {}) {
  const tokens = options.tokens === true;
  return {
    ...bodyErrors(
      tokens ? TOKEN_ERROR_CODES : [],
      tokens
        ? 'The body is not valid JSON or breaks the schema (details name each field), or the token is unknown, expired or used'
        : undefined,
    ),
    429: rateLimited,
    500: internalError,
  };
}
