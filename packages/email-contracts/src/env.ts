import type { Static, TObject, TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { EmailContractError, type ValidationIssue } from './errors.js';

/** Where settings come from: `process.env`, or an object of values (tests pass numbers too). */
export type EnvSource = Readonly<Record<string, unknown>>;

/** A problem a schema cannot express (one variable depends on another, a file must exist, ...). */
export type EnvCheck<T> = (values: T) => string[];

function isBooleanSchema(schema: TSchema | undefined): boolean {
  return (schema as { type?: unknown } | undefined)?.type === 'boolean';
}

function schemaIssues(schema: TObject, values: unknown): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const error of Value.Errors(schema, values)) {
    const name = error.path.slice(1).split('/')[0] ?? '';
    if (issues.some((issue) => issue.path === `/${name}`)) continue;
    const message =
      error.value === undefined
        ? `${name} is required`
        : isBooleanSchema(schema.properties[name])
          ? `${name} must be true or false`
          : `${name} is invalid: ${error.message}`;
    issues.push({ path: `/${name}`, message });
  }
  return issues;
}

/**
 * Reads the variables of `schema` from `env` and checks all of them at once, by the
 * rules every FluentMeet process shares: a value is trimmed and an empty one counts as
 * unset (`FOO=` in an env file falls back to the default); numbers are converted; a
 * boolean is `true`/`false` or `1`/`0`, in any case. `checks` add what a schema cannot
 * express. Throws `CONFIG_INVALID` naming every problem, never a value.
 *
 * @example
 * const config = parseEnv(Type.Composite([TopicsEnv, logLevelEnv()]), process.env, topicsEnvProblems);
 */
export function parseEnv<T extends TObject>(
  schema: T,
  env: EnvSource = process.env,
  ...checks: EnvCheck<Static<T>>[]
): Static<T> {
  const picked: Record<string, unknown> = {};
  for (const name of Object.keys(schema.properties)) {
    const raw = env[name];
    const value = typeof raw === 'string' ? raw.trim() : raw;
    if (value !== undefined && value !== '') picked[name] = value;
  }
  const values = Value.Convert(schema, Value.Default(schema, picked)) as Static<T>;
  const issues = schemaIssues(schema, values);
  for (const check of checks) {
    issues.push(...check(values).map((message) => ({ path: '', message })));
  }
  if (issues.length > 0) {
    const list = issues.map((issue) => issue.message).join('\n  - ');
    throw new EmailContractError('CONFIG_INVALID', `Invalid configuration:\n  - ${list}`, {
      details: issues,
    });
  }
  return values;
}
