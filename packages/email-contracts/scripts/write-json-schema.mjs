// Writes dist/envelope.schema.json from the compiled TypeBox schema, for
// producers that are not written in TypeScript.
import { writeFileSync } from 'node:fs';
import { EmailEnvelope } from '../dist/index.js';

const schema = { $schema: 'http://json-schema.org/draft-07/schema#', ...EmailEnvelope };
const url = new URL('../dist/envelope.schema.json', import.meta.url);
writeFileSync(url, JSON.stringify(schema, null, 2) + '\n');
console.log(`wrote ${url.pathname}`);
