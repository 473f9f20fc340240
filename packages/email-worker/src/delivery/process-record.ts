import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import {
  EmailContractError,
  maskEmail,
  parseEnvelope,
  type EmailEnvelope,
  type TopicSet,
} from '@fluentmeet/email-contracts';
import type { InboundRecord, OutboundRecord } from '../kafka/records.js';
import type { MailgunClient } from '../mailgun/index.js';
import type { Renderer } from '../templates/index.js';
import type { CircuitBreaker } from './circuit-breaker.js';
import {
  historyOf,
  safeMessage,
  toDeadLetter,
  toRetryRecord,
  type DeliveryHistory,
} from './history.js';
import type { DeliveryMetrics } from './metrics.js';
import type { RecentIds } from './recent-ids.js';
import type { SuppressionList } from './suppression-list.js';
import { retryDelay } from './retry-delay.js';
import type { DeliverySettings } from './settings.js';

export interface RecordContext {
  settings: DeliverySettings;
  topics: Pick<TopicSet, 'retry' | 'dlq'>;
  /** Named in dead letters as the group that gave up. */
  consumerGroup: string;
  /** Values that must never reach a dead letter or a log line (the Mailgun key). */
  secrets: readonly string[];
  logger: Logger;
  metrics: DeliveryMetrics;
  renderer: Renderer;
  mailgun: Pick<MailgunClient, 'send'>;
  breaker: CircuitBreaker;
  sentIds: RecentIds;
  /** Addresses that get no email (bounced, complained, unsubscribed). */
  suppressions: Pick<SuppressionList, 'lookup'>;
  /** Envelope ids being processed right now: the latest copy of each, which the next copy waits for. */
  activeIds: Map<string, Promise<unknown>>;
  /** Produces one record and resolves once the broker acknowledged it (retrying until then). */
  publish(topic: string, record: OutboundRecord, signal: AbortSignal): Promise<void>;
}

/** How a record finished; every value means its offset may be committed. */
export type RecordResult = 'sent' | 'duplicate' | 'dead-lettered' | 'retry-scheduled';

/**
 * Takes one record to a final state: sent, dead-lettered (DLQ write acknowledged)
 * or handed to the retry topic (write acknowledged). Rejects only when `signal`
 * aborts (shutdown, partition revoked); the offset then stays uncommitted.
 */
export async function processRecord(
  ctx: RecordContext,
  record: InboundRecord,
  signal: AbortSignal,
): Promise<RecordResult> {
  const history = historyOf(record);
  const position = { topic: record.topic, partition: record.partition, offset: record.offset };
  let envelope: EmailEnvelope;
  try {
    envelope = parseEnvelope(record.value);
  } catch (error) {
    if (!(error instanceof EmailContractError)) throw error;
    ctx.metrics.failed.inc({ class: 'poison', code: error.code });
    const log = ctx.logger.child(position);
    return deadLetter(ctx, record, history, log, error.code, error.message, signal);
  }

  // One child logger per record (pino serialises bindings at creation, once).
  const log = ctx.logger.child({
    ...position,
    envelopeId: envelope.id,
    template: envelope.template,
    to: maskEmail(envelope.to),
  });
  // Copies of one id form a chain: each waits for the copy registered just before it, not
  // all for the first, so that when one ends without sending (moved to the retry topic,
  // aborted) the next sends and the rest find it in `sentIds`.
  const earlier = ctx.activeIds.get(envelope.id);
  const work = (async () => {
    if (earlier !== undefined) await earlier.catch(() => undefined);
    return deliver(ctx, record, history, envelope, log, signal);
  })();
  ctx.activeIds.set(envelope.id, work);
  try {
    return await work;
  } finally {
    if (ctx.activeIds.get(envelope.id) === work) ctx.activeIds.delete(envelope.id);
  }
}

async function deliver(
  ctx: RecordContext,
  record: InboundRecord,
  history: DeliveryHistory,
  envelope: EmailEnvelope,
  log: Logger,
  signal: AbortSignal,
): Promise<RecordResult> {
  const { settings } = ctx;
  if (history.notBefore !== undefined && history.notBefore > Date.now()) {
    // Another worker's clock stamped notBefore: never wait longer than a retry may.
    const wait = Math.min(history.notBefore - Date.now(), settings.RETRY_MAX_DELAY_MS);
    await sleep(wait, undefined, { signal });
  }
  let rendered;
  try {
    rendered = ctx.renderer.render(envelope);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    ctx.metrics.failed.inc({ class: 'permanent', code: 'RENDER_FAILED' });
    return deadLetter(ctx, record, history, log, 'RENDER_FAILED', message, signal);
  }
  if (rendered.fallback !== undefined) {
    ctx.metrics.localeFallback.inc({ kind: rendered.fallback, language: rendered.language ?? '' });
    log.debug(
      { locale: envelope.locale, language: rendered.language, fallback: rendered.fallback },
      'no templates for the envelope locale; rendered in a fallback language',
    );
  }

  for (;;) {
    // Checked before every attempt: a suppression that arrives while a send is retried counts too.
    const suppression = ctx.suppressions.lookup(envelope.to);
    if (suppression !== undefined) {
      ctx.metrics.suppressed.inc({ template: envelope.template });
      const reason = `the address is suppressed (${suppression.reason} at ${suppression.at})`;
      return deadLetter(ctx, record, history, log, 'SUPPRESSED', reason, signal);
    }
    if (
      envelope.notAfter !== undefined &&
      Date.parse(envelope.notAfter) + settings.CLOCK_SKEW_TOLERANCE_MS <= Date.now()
    ) {
      ctx.metrics.failed.inc({ class: 'permanent', code: 'EXPIRED' });
      return deadLetter(
        ctx,
        record,
        history,
        log,
        'EXPIRED',
        `notAfter ${envelope.notAfter} has passed`,
        signal,
      );
    }
    if (ctx.sentIds.has(envelope.id)) {
      ctx.metrics.duplicatesSkipped.inc();
      log.info({ outcome: 'duplicate-skipped' }, 'already sent by this worker; skipped');
      return 'duplicate';
    }
    const permit = await ctx.breaker.acquire(signal);
    let outcome;
    try {
      outcome = await ctx.mailgun.send(
        {
          to: envelope.to,
          subject: rendered.subject,
          text: rendered.text,
          html: rendered.html,
          tag: envelope.template,
          envelopeId: envelope.id,
          tracking: rendered.tracking,
          language: rendered.language,
        },
        { signal },
      );
      signal.throwIfAborted();
    } catch (error) {
      // No outcome (aborted: shutdown, partition revoked): hand the permit back, so that a
      // probe lost mid-send frees the probe slot instead of holding the circuit open for ever.
      ctx.breaker.release(permit);
      throw error;
    }
    ctx.metrics.latency.observe({ outcome: outcome.kind }, outcome.latencyMs / 1000);

    if (outcome.kind === 'sent') {
      ctx.breaker.recordSuccess(permit);
      ctx.sentIds.add(envelope.id);
      ctx.metrics.sent.inc({ template: envelope.template });
      log.info(
        {
          outcome: 'sent',
          messageId: outcome.messageId,
          language: rendered.language,
          latencyMs: outcome.latencyMs,
          attempts: history.attempts + 1,
        },
        'email sent',
      );
      return 'sent';
    }
    if (outcome.kind === 'permanent') {
      ctx.breaker.recordSuccess(permit);
      ctx.metrics.failed.inc({ class: 'permanent', code: outcome.code });
      history.attempts += 1;
      return deadLetter(ctx, record, history, log, outcome.code, outcome.reason, signal);
    }
    if (outcome.kind === 'config-error') {
      ctx.breaker.recordFailure(permit, outcome.kind, envelope.id);
      ctx.metrics.failed.inc({ class: 'config-error', code: outcome.code });
      log.debug(
        { outcome: 'config-error', code: outcome.code },
        'held until the configuration works',
      );
      continue;
    }

    ctx.metrics.failed.inc({ class: 'transient', code: outcome.code });
    // Mailgun's wait ("try again after 99999999 seconds", a date years ahead) is clamped:
    // the message is retried at RETRY_MAX_DELAY_MS at the latest.
    const retryAt = Math.min(outcome.retryAt, Date.now() + settings.RETRY_MAX_DELAY_MS);
    const suppressed = ctx.breaker.recordFailure(permit, outcome.kind, envelope.id, retryAt);
    history.firstFailure ??= new Date().toISOString();
    history.lastError = outcome.code;
    if (suppressed) {
      log.debug({ outcome: 'held', code: outcome.code }, 'provider failing; held for the circuit');
      continue;
    }
    history.attempts += 1;
    if (history.attempts >= settings.RETRY_MAX_ATTEMPTS) {
      const reason = `retry budget spent after ${history.attempts} attempts; last: ${outcome.reason}`;
      return deadLetter(ctx, record, history, log, outcome.code, reason, signal);
    }
    const delayMs = retryDelay(history.attempts, retryAt, Date.now(), {
      baseDelayMs: settings.RETRY_BASE_DELAY_MS,
      maxDelayMs: settings.RETRY_MAX_DELAY_MS,
    });
    if (delayMs > settings.RETRY_INLINE_MAX_MS) {
      const notBefore = Date.now() + delayMs;
      await ctx.publish(
        ctx.topics.retry,
        toRetryRecord(record, history, {
          notBefore,
          lastError: outcome.code,
          firstFailure: history.firstFailure,
        }),
        signal,
      );
      ctx.metrics.retried.inc({ via: 'topic' });
      log.info(
        {
          outcome: 'retry-scheduled',
          via: 'topic',
          code: outcome.code,
          reason: outcome.reason,
          delayMs,
          attempts: history.attempts,
        },
        'retry scheduled on the retry topic',
      );
      return 'retry-scheduled';
    }
    ctx.metrics.retried.inc({ via: 'inline' });
    log.info(
      {
        outcome: 'retry-scheduled',
        via: 'inline',
        code: outcome.code,
        reason: outcome.reason,
        delayMs,
        attempts: history.attempts,
      },
      'retry scheduled',
    );
    await sleep(delayMs, undefined, { signal });
  }
}

async function deadLetter(
  ctx: RecordContext,
  record: InboundRecord,
  history: DeliveryHistory,
  log: Logger,
  code: string,
  message: string,
  signal: AbortSignal,
): Promise<RecordResult> {
  const now = new Date().toISOString();
  const reason = safeMessage(message, ctx.secrets);
  await ctx.publish(
    ctx.topics.dlq,
    toDeadLetter(record, history, {
      code,
      message: reason,
      attempts: history.attempts,
      firstFailure: history.firstFailure ?? now,
      lastFailure: now,
      consumerGroup: ctx.consumerGroup,
    }),
    signal,
  );
  ctx.metrics.deadLettered.inc({ code });
  log.warn({ outcome: 'dead-lettered', code, reason, attempts: history.attempts }, 'dead-lettered');
  return 'dead-lettered';
}
