import { Type, type Static } from '@sinclair/typebox';
import { TOPICS } from './constants.js';

/** pino's levels, which every FluentMeet process logs with. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** `LOG_LEVEL`, with the default of the process that reads it. */
export function logLevelEnv(defaultLevel: LogLevel = 'info') {
  return Type.Object({
    LOG_LEVEL: Type.Union(
      LOG_LEVELS.map((level) => Type.Literal(level)),
      { default: defaultLevel },
    ),
  });
}

/** The pipeline's topic names; each defaults to its name in `TOPICS`. */
export const TopicsEnv = Type.Object({
  EMAIL_TOPIC: Type.String({ minLength: 1, default: TOPICS.email }),
  RETRY_TOPIC: Type.String({ minLength: 1, default: TOPICS.retry }),
  DLQ_TOPIC: Type.String({ minLength: 1, default: TOPICS.dlq }),
  SUPPRESSIONS_TOPIC: Type.String({ minLength: 1, default: TOPICS.suppressions }),
});
export type TopicsEnv = Static<typeof TopicsEnv>;

/** The topics of one pipeline, by role (the shape of `TOPICS`). */
export type TopicSet = { -readonly [Role in keyof typeof TOPICS]: string };

/** The topic set named by `EMAIL_TOPIC`, `RETRY_TOPIC`, `DLQ_TOPIC` and `SUPPRESSIONS_TOPIC`. */
export function topicSet(env: TopicsEnv): TopicSet {
  return {
    email: env.EMAIL_TOPIC,
    retry: env.RETRY_TOPIC,
    dlq: env.DLQ_TOPIC,
    suppressions: env.SUPPRESSIONS_TOPIC,
  };
}

/** Each role needs its own topic: a retry or dead letter must never land in the work queue. */
export function topicsEnvProblems(env: TopicsEnv): string[] {
  const names = [env.EMAIL_TOPIC, env.RETRY_TOPIC, env.DLQ_TOPIC, env.SUPPRESSIONS_TOPIC];
  return new Set(names).size === names.length
    ? []
    : ['EMAIL_TOPIC, RETRY_TOPIC, DLQ_TOPIC and SUPPRESSIONS_TOPIC must be four different topics'];
}
