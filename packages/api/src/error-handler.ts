import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type ErrorCode, type ErrorResponse } from './errors.js';

type Body = ErrorResponse;

const BY_FASTIFY_CODE: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
};

const BY_STATUS: Record<number, ErrorCode> = {
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

/** The methods a 405 may name in Allow (the app's routes use no others). */
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

type ValidationItem = NonNullable<FastifyError['validation']>[number];

function field(item: ValidationItem): string {
  const { missingProperty, additionalProperty } = item.params;
  const named = missingProperty ?? additionalProperty;
  if (typeof named === 'string') return `${item.instancePath}/${named}`;
  return item.instancePath === '' ? '/' : item.instancePath;
}

/** One error shape for every error: `{ code, message, details? }`; 5xx never say more. */
export function installErrorHandling(fastify: FastifyInstance): void {
  // A request no route takes gets its 404 or 405 even when its body could not be read.
  const noRoute = (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0] ?? '/';
    const allowed = METHODS.filter((method) => fastify.findRoute({ method, url: path }) !== null);
    if (allowed.length > 0) {
      const allow = allowed.join(', ');
      return reply
        .code(405)
        .header('allow', allow)
        .send({
          code: 'METHOD_NOT_ALLOWED',
          message: `${request.method} is not allowed on ${path}; use ${allow}`,
        });
    }
    return reply
      .code(404)
      .send({ code: 'NOT_FOUND', message: `Route ${request.method} ${path} not found` });
  };

  fastify.setErrorHandler<FastifyError | AppError>((error, request, reply) => {
    if (request.is404) return noRoute(request, reply);
    let status: number;
    let body: Body;
    if (error instanceof AppError) {
      status = error.statusCode;
      body = { code: error.code, message: error.message };
      if (error.details !== undefined) body.details = error.details;
      if (error.retryAfter !== undefined) void reply.header('retry-after', error.retryAfter);
    } else if (error.validation !== undefined) {
      status = 400;
      body = {
        code: 'VALIDATION_FAILED',
        message: 'The request is not valid; see details.',
        details: error.validation.map((item) => ({
          field: field(item),
          message: item.message ?? 'is invalid',
        })),
      };
    } else if (
      error.statusCode !== undefined &&
      error.statusCode >= 400 &&
      error.statusCode < 500
    ) {
      status = error.statusCode;
      const code = BY_FASTIFY_CODE[error.code] ?? BY_STATUS[status] ?? 'BAD_REQUEST';
      body = { code, message: error.message };
    } else {
      status = 500;
      body = { code: 'INTERNAL_ERROR', message: 'Something went wrong on our side.' };
    }
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    return reply.code(status).type('application/json; charset=utf-8').send(body);
  });

  fastify.setNotFoundHandler(noRoute);
}
