// Writes dist/envelope.schema.json and dist/suppression.schema.json from the compiled
// TypeBox schemas, for producers and consumers that are not written in TypeScript.
import { writeFileSync } from 'node:fs';
import { EmailEnvelope, SuppressionRecord } from '../dist/index.js';

for (const [file, schema] of [
  ['envelope.schema.json', EmailEnvelope],
  ['suppression.schema.json', SuppressionRecord],
]) {
  const url = new URL(`../dist/${file}`, import.meta.url);
  const document = { $schema: 'http://json-schema.org/draft-07/schema#', ...schema };
  writeFileSync(url, JSON.stringify(document, null, 2) + '\n');
  console.log(`wrote ${url.pathname}`);
}
