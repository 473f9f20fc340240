// `pnpm --filter @fluentmeet/deploy k8s:validate`: renders every overlay of
// infra/kubernetes with kustomize and checks each object against its API schema.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderKustomization } from './render.js';
import { validateObjects } from './validate.js';

const overlays = fileURLToPath(new URL('../../../../infra/kubernetes/overlays/', import.meta.url));

let failed = false;
for (const overlay of readdirSync(overlays).sort()) {
  const objects = await renderKustomization(overlays + overlay);
  const violations = validateObjects(objects);
  console.log(`${overlay}: ${objects.length} objects, ${violations.length} schema violations`);
  for (const { object, problem } of violations) console.log(`  ${object}: ${problem}`);
  failed ||= violations.length > 0;
}
process.exit(failed ? 1 : 0);
