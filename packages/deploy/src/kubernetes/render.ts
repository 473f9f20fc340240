import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';

const run = promisify(execFile);

/** A rendered Kubernetes object, as far as the validation needs to know it. */
export interface KubernetesObject {
  apiVersion?: unknown;
  kind?: unknown;
  metadata?: { name?: unknown };
  [field: string]: unknown;
}

/** Thrown when kustomize is missing or rejects the kustomization. */
export class RenderError extends Error {
  override readonly name = 'RenderError';
  readonly code = 'KUSTOMIZE_FAILED';
}

/** The kustomize binary: `KUSTOMIZE`, else `kustomize` on PATH. */
export function kustomizeBinary(): string {
  return process.env.KUSTOMIZE ?? 'kustomize';
}

/** Renders a kustomization directory with `kustomize build` and parses every object. */
export async function renderKustomization(directory: string): Promise<KubernetesObject[]> {
  let stdout: string;
  try {
    ({ stdout } = await run(kustomizeBinary(), ['build', directory], {
      maxBuffer: 32 * 1024 * 1024,
    }));
  } catch (cause) {
    const detail = (cause as { stderr?: string }).stderr?.trim() || String(cause);
    throw new RenderError(
      `kustomize build ${directory} failed: ${detail}\n` +
        '(install it with: go install sigs.k8s.io/kustomize/kustomize/v5@v5.8.1, or set KUSTOMIZE)',
      { cause },
    );
  }
  const objects: KubernetesObject[] = [];
  for (const document of parseAllDocuments(stdout)) {
    if (document.errors.length > 0) throw new RenderError(document.errors[0]!.message);
    const value: unknown = document.toJS();
    if (value !== null) objects.push(value as KubernetesObject);
  }
  return objects;
}
