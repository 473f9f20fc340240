import { createHash, timingSafeEqual } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { faultLatency } from '../faults.js';
import { messageId, missingParameter, readForm, recipientsOf, toCapturedMessage } from '../form.js';
import {
  badRequest,
  domainNotFound,
  faultResponse,
  forbidden,
  queued,
  type MailgunResponse,
} from '../mailgun-responses.js';
import type { SandboxState } from '../state.js';

/** `POST /v3/:domain/messages`: faults first, then auth, domain, validation, capture. */
export function registerSendRoute(app: FastifyInstance, state: SandboxState): void {
  app.post<{ Params: { domain: string } }>('/v3/:domain/messages', async (request, reply) => {
    const form = await readForm(request);
    const { domain } = request.params;

    const fault = state.faults.take([
      ...recipientsOf(form.fields, 'to'),
      ...recipientsOf(form.fields, 'cc'),
      ...recipientsOf(form.fields, 'bcc'),
    ]);
    if (fault !== undefined) {
      const delay = faultLatency(fault);
      if (delay > 0) {
        const waited = await sleep(delay, true, { signal: state.closing }).catch(() => false);
        if (!waited) return drop(request, reply);
      }
      if (fault.drop === true) return drop(request, reply);
      if (fault.status !== undefined) {
        request.log.debug({ status: fault.status }, 'fault injected');
        return send(reply, faultResponse(fault, domain, Date.now()));
      }
    }

    if (!authorized(request.headers.authorization, state.apiKey)) return send(reply, forbidden());
    if (state.domains !== undefined && !state.domains.has(domain.toLowerCase())) {
      return send(reply, domainNotFound(domain));
    }
    const missing = missingParameter(form.fields);
    if (missing !== undefined) return send(reply, badRequest(missing));

    const now = Date.now();
    const id = messageId(domain, now);
    state.store.add(toCapturedMessage(domain, form, id, now));
    request.log.debug({ id }, 'message captured');
    return send(reply, queued(id));
  });
}

function send(reply: FastifyReply, response: MailgunResponse): FastifyReply {
  if (response.headers !== undefined) void reply.headers(response.headers);
  return reply.code(response.status).type(response.contentType).send(response.body);
}

/** Closes the connection without an answer, as a crashed or cut-off server would. */
function drop(request: FastifyRequest, reply: FastifyReply): void {
  reply.hijack();
  request.raw.socket.destroy();
}

/** HTTP Basic `api:<key>`; the comparison takes the same time whatever the key. */
function authorized(header: string | undefined, apiKey: string): boolean {
  const match = /^basic\s+(\S+)$/i.exec(header ?? '');
  if (match?.[1] === undefined) return false;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0 || decoded.slice(0, colon) !== 'api') return false;
  const digest = (value: string): Buffer => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(decoded.slice(colon + 1)), digest(apiKey));
}
