import { parseArgs } from 'node:util';
import { TOPICS, type TopicSet } from '@fluentmeet/email-contracts';
import type { ReplayOptions } from '../kafka/dlq-replay.js';

const USAGE = `Usage: pnpm --filter email-worker dlq:replay -- [options]
  --code CODE        only dead letters with this error code (repeatable)
  --since ISO-TIME   only dead letters that failed at or after this time
  --until ISO-TIME   only dead letters that failed at or before this time
  --rate N           records per second (default 50)
  --dry-run          print what would be replayed, publish nothing
  --from TOPIC       dead-letter topic (default DLQ_TOPIC or ${TOPICS.dlq})
  --to TOPIC         work topic (default EMAIL_TOPIC or ${TOPICS.email})
Kafka connection: KAFKA_BROKERS and the other KAFKA_* variables.`;

function time(value: string | undefined, name: string): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new Error(`--${name} must be an ISO date-time`);
  return date;
}

/** Parses the command line (topics default to the configured ones); throws with a message for the user. */
export function parseReplayArgs(
  argv: string[],
  topics: Pick<TopicSet, 'email' | 'dlq'>,
): ReplayOptions {
  const { values } = parseArgs({
    args: argv.filter((arg) => arg !== '--'),
    options: {
      code: { type: 'string', multiple: true },
      since: { type: 'string' },
      until: { type: 'string' },
      rate: { type: 'string', default: '50' },
      'dry-run': { type: 'boolean', default: false },
      from: { type: 'string' },
      to: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) throw new Error(USAGE);
  const rate = Number(values.rate);
  if (!Number.isFinite(rate) || rate <= 0) throw new Error('--rate must be a positive number');
  return {
    from: values.from ?? topics.dlq,
    to: values.to ?? topics.email,
    codes: values.code ?? [],
    since: time(values.since, 'since'),
    until: time(values.until, 'until'),
    rate,
    dryRun: values['dry-run'],
  };
}
