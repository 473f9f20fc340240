import type { KubernetesObject } from './render.js';
import { MODELS } from './schemas.js';

/** One object that does not conform to its API schema. */
export interface Violation {
  object: string;
  problem: string;
}

function describe(object: KubernetesObject): string {
  const name = typeof object.metadata?.name === 'string' ? object.metadata.name : '(no name)';
  return `${String(object.kind)} ${name}`;
}

/**
 * kustomize wraps long base64 values of a Secret over several lines, which the
 * API server's decoder (Go's encoding/base64) accepts: line breaks are ignored
 * there, so they are taken out before the schema's stricter "byte" check.
 */
function asTheApiServerDecodes(object: KubernetesObject): KubernetesObject {
  const data = object.data;
  if (object.kind !== 'Secret' || data === null || typeof data !== 'object') return object;
  const unwrapped = Object.entries(data as Record<string, unknown>).map(
    ([key, value]): [string, unknown] => [
      key,
      typeof value === 'string' ? value.replace(/[\r\n]/g, '') : value,
    ],
  );
  return { ...object, data: Object.fromEntries(unwrapped) };
}

/** Checks every object against the schema of its apiVersion and kind. */
export function validateObjects(objects: KubernetesObject[]): Violation[] {
  const violations: Violation[] = [];
  for (const object of objects) {
    const model = MODELS.get(`${String(object.apiVersion)}/${String(object.kind)}`);
    if (model === undefined) {
      violations.push({
        object: describe(object),
        problem: `no schema for ${String(object.apiVersion)} ${String(object.kind)}`,
      });
      continue;
    }
    try {
      new model(asTheApiServerDecodes(object)).validate();
    } catch (error) {
      violations.push({
        object: describe(object),
        problem: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return violations;
}
