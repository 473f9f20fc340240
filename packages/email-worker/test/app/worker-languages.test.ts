import { Writable } from 'node:stream';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import type { EmailRequest } from '@fluentmeet/email-contracts';
import { createLogger, loadConfig, startWorker } from '../../src/index.js';
import { emailProducer, makeTopics, sandboxFor, workerEnv } from '../helpers.js';

const brokers = inject('kafkaBrokers');

const reset = (to: string, locale?: string): EmailRequest => ({
  to,
  template: 'password_reset',
  data: {
    reset_link: 'https://app.fluentmeet.test/reset-password?token=r1',
    expires_in_minutes: 60,
  },
  ...(locale === undefined ? {} : { locale }),
});

describe('email worker and the envelope locale', () => {
  it('sends in the locale, falls back pt-BR → pt and ja → en, logs the fallback at debug and counts it', async () => {
    const topics = await makeTopics(brokers);
    const sandbox = await sandboxFor();
    const lines: Array<{
      level: number;
      msg: string;
      locale?: string;
      language?: string;
      fallback?: string;
    }> = [];
    const capture = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean))
          lines.push(JSON.parse(line) as never);
        done();
      },
    });
    const config = loadConfig(workerEnv(brokers, sandbox, topics, { LOG_LEVEL: 'debug' }));
    const worker = await startWorker(config, { logger: createLogger('debug', capture) });
    onTestFinished(async () => {
      await worker.stop();
    });
    await worker.ready;

    const producer = await emailProducer(brokers, topics.email);
    await producer.sendEmail(reset('fr@example.com', 'fr'));
    await producer.sendEmail(reset('br@example.com', 'pt-BR'));
    await producer.sendEmail(reset('ja@example.com', 'ja'));
    await producer.sendEmail(reset('none@example.com'));

    await expect.poll(() => sandbox.count(), { timeout: 15_000 }).toBe(4);
    const subject = (to: string) => sandbox.messages({ to })[0]?.subject;
    expect(subject('fr@example.com')).toBe('Réinitialisez votre mot de passe FluentMeet');
    expect(subject('br@example.com')).toBe('Redefina sua senha do FluentMeet');
    expect(subject('ja@example.com')).toBe('Reset your FluentMeet password');
    expect(subject('none@example.com')).toBe('Reset your FluentMeet password');
    expect(sandbox.messages({ to: 'ja@example.com' })[0]?.html).toContain('<html lang="en"');
    expect(sandbox.messages({ to: 'fr@example.com' })[0]?.headers['Content-Language']).toBe('fr');
    expect(sandbox.messages({ to: 'br@example.com' })[0]?.headers['Content-Language']).toBe('pt');

    const metric = await worker.metricsRegistry
      .getSingleMetric('email_worker_locale_fallback_total')!
      .get();
    const counted = Object.fromEntries(
      metric.values.map((v) => [`${v.labels.kind}:${v.labels.language}`, v.value]),
    );
    expect(counted).toEqual({ 'language:pt': 1, 'default:en': 1 });

    const fallbacks = lines.filter((line) => line.fallback !== undefined);
    expect(
      fallbacks.map(({ level, locale, language, fallback }) => ({
        level,
        locale,
        language,
        fallback,
      })),
    ).toEqual(
      expect.arrayContaining([
        { level: 20, locale: 'pt-BR', language: 'pt', fallback: 'language' },
        { level: 20, locale: 'ja', language: 'en', fallback: 'default' },
      ]),
    );
    expect(fallbacks).toHaveLength(2);
  });
});
