import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import {
  EmailContractError,
  TopicsEnv,
  logLevelEnv,
  parseEnv,
  topicSet,
  topicsEnvProblems,
} from '../src/index.js';

const Schema = Type.Composite([
  TopicsEnv,
  logLevelEnv('warn'),
  Type.Object({
    COUNT: Type.Integer({ minimum: 1, default: 3 }),
    FLAG: Type.Boolean({ default: false }),
    NAME: Type.String({ minLength: 1 }),
  }),
]);

function problemsOf(env: Record<string, unknown>): string[] {
  try {
    parseEnv(Schema, env, topicsEnvProblems);
  } catch (error) {
    expect(error).toBeInstanceOf(EmailContractError);
    expect((error as EmailContractError).code).toBe('CONFIG_INVALID');
    return (error as EmailContractError).details.map((issue) => issue.message);
  }
  throw new Error('expected an error');
}

describe('parseEnv', () => {
  it('fills defaults, converts numbers, and counts empty values as unset', () => {
    const config = parseEnv(Schema, { NAME: ' svc ', COUNT: '8', EMAIL_TOPIC: '', FLAG: '' });
    expect(config).toEqual({
      NAME: 'svc',
      COUNT: 8,
      FLAG: false,
      LOG_LEVEL: 'warn',
      EMAIL_TOPIC: 'notifications.email',
      RETRY_TOPIC: 'notifications.email.retry',
      DLQ_TOPIC: 'notifications.email.dlq',
      SUPPRESSIONS_TOPIC: 'notifications.email.suppressions',
    });
    expect(topicSet(config)).toEqual({
      email: 'notifications.email',
      retry: 'notifications.email.retry',
      dlq: 'notifications.email.dlq',
      suppressions: 'notifications.email.suppressions',
    });
  });

  it('has one boolean rule: true/false or 1/0, in any case', () => {
    for (const [raw, value] of [
      ['true', true],
      ['TRUE', true],
      ['1', true],
      ['false', false],
      ['0', false],
    ] as const) {
      expect(parseEnv(Schema, { NAME: 'x', FLAG: raw }).FLAG).toBe(value);
    }
    expect(problemsOf({ NAME: 'x', FLAG: 'maybe' })).toEqual(['FLAG must be true or false']);
  });

  it('lists every problem at once, the checks included, and never a value', () => {
    const problems = problemsOf({
      COUNT: '0',
      LOG_LEVEL: 'loud',
      EMAIL_TOPIC: 'same-secret-name',
      DLQ_TOPIC: 'same-secret-name',
    });
    expect(problems).toHaveLength(4);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('LOG_LEVEL is invalid'),
        expect.stringContaining('COUNT is invalid'),
        'NAME is required',
        'EMAIL_TOPIC, RETRY_TOPIC, DLQ_TOPIC and SUPPRESSIONS_TOPIC must be four different topics',
      ]),
    );
    expect(problems.join()).not.toContain('same-secret-name');
  });
});
