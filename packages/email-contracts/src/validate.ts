import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import type { TObject } from '@sinclair/typebox';
import { EmailContractError, type ValidationIssue } from './errors.js';
import { registerFormats } from './formats.js';
import {
  ENVELOPE_BY_TEMPLATE,
  ENVELOPE_TEMPLATES,
  type EmailEnvelope,
  type EnvelopeTemplate,
} from './schemas.js';

registerFormats();

const checkers = new Map<EnvelopeTemplate, TypeCheck<TObject>>(
  ENVELOPE_TEMPLATES.map((name) => [name, TypeCompiler.Compile(ENVELOPE_BY_TEMPLATE[name])]),
);

const MAX_ISSUES = 20;

function isEnvelopeTemplate(value: unknown): value is EnvelopeTemplate {
  return typeof value === 'string' && (ENVELOPE_TEMPLATES as readonly string[]).includes(value);
}

/**
 * Lists what is wrong with a candidate envelope; an empty list means valid.
 * The union is resolved through `template` first so that every issue names
 * the exact field instead of "expected one of the union members".
 */
export function envelopeIssues(value: unknown): ValidationIssue[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [{ path: '', message: 'Expected an object' }];
  }
  const template = (value as { template?: unknown }).template;
  if (!isEnvelopeTemplate(template)) {
    return [
      {
        path: '/template',
        message: `Unknown template ${JSON.stringify(template ?? null)}; expected one of ${ENVELOPE_TEMPLATES.join(', ')}`,
      },
    ];
  }
  const checker = checkers.get(template)!;
  if (checker.Check(value)) return [];
  const issues: ValidationIssue[] = [];
  for (const error of checker.Errors(value)) {
    if (issues.some((issue) => issue.path === error.path)) continue;
    issues.push({ path: error.path, message: error.message });
    if (issues.length >= MAX_ISSUES) break;
  }
  return issues;
}

/** True when `value` is a valid version-1 envelope. */
export function isEmailEnvelope(value: unknown): value is EmailEnvelope {
  return envelopeIssues(value).length === 0;
}

/**
 * Checks a candidate envelope and returns it typed, or throws an
 * `EmailContractError` (`UNKNOWN_TEMPLATE` or `ENVELOPE_INVALID`) listing every issue.
 *
 * @example
 * const envelope = assertEmailEnvelope(JSON.parse(text));
 */
export function assertEmailEnvelope(value: unknown): EmailEnvelope {
  const issues = envelopeIssues(value);
  if (issues.length === 0) return value as EmailEnvelope;
  const code = issues[0]?.path === '/template' ? 'UNKNOWN_TEMPLATE' : 'ENVELOPE_INVALID';
  const summary = issues.map((issue) => `${issue.path || '/'}: ${issue.message}`).join('; ');
  throw new EmailContractError(code, `Invalid email envelope: ${summary}`, { details: issues });
}

/**
 * Parses a Kafka record value (JSON bytes) into a checked envelope.
 * Throws `ENVELOPE_NOT_JSON`, `UNKNOWN_TEMPLATE` or `ENVELOPE_INVALID`.
 *
 * @example
 * const envelope = parseEnvelope(message.value);
 */
export function parseEnvelope(value: Buffer | string | null | undefined): EmailEnvelope {
  if (value === null || value === undefined || value.length === 0) {
    throw new EmailContractError('ENVELOPE_NOT_JSON', 'Record has no value');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(typeof value === 'string' ? value : value.toString('utf8'));
  } catch (cause) {
    throw new EmailContractError('ENVELOPE_NOT_JSON', 'Record value is not valid JSON', { cause });
  }
  return assertEmailEnvelope(parsed);
}
