import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  DLQ_HEADERS,
  ENVELOPE_TEMPLATES,
  HEADERS,
  RETRY_HEADERS,
  TOPICS,
  envelopeIssues,
} from '../src/index.js';

const infra = new URL('../../../infra/asyncapi/', import.meta.url);
const doc = parse(readFileSync(new URL('asyncapi.yaml', infra), 'utf8')) as {
  asyncapi: string;
  channels: Record<string, { address: string }>;
  components: {
    messages: Record<
      string,
      {
        payload: { schema?: { $ref: string } };
        description?: string;
        examples?: { name: string; payload: unknown }[];
      }
    >;
    schemas: Record<string, { properties: Record<string, unknown> }>;
  };
};

describe('infra/asyncapi stays in sync with the contract', () => {
  it('is AsyncAPI 3 with one channel per topic', () => {
    expect(doc.asyncapi).toMatch(/^3\./);
    expect(
      Object.values(doc.channels)
        .map((channel) => channel.address)
        .sort(),
    ).toEqual(Object.values(TOPICS).sort());
  });

  it.each([
    ['EmailEnvelope', './email-envelope.v1.schema.json', 'envelope.schema.json'],
    ['Suppression', './suppression-record.v1.schema.json', 'suppression.schema.json'],
  ])(
    'references for %s a copy of the JSON Schema identical to the one the build generates',
    (message, file, built) => {
      const ref = doc.components.messages[message]?.payload.schema?.$ref;
      expect(ref).toBe(file);
      const copy: unknown = JSON.parse(readFileSync(new URL(ref!, infra), 'utf8'));
      const generated: unknown = JSON.parse(
        readFileSync(new URL(`../dist/${built}`, import.meta.url), 'utf8'),
      );
      // On a difference: cp packages/email-contracts/dist/<built> infra/asyncapi/<file>
      expect(copy).toEqual(generated);
    },
  );

  it('documents exactly the header names the code uses', () => {
    const names = (schema: string) =>
      Object.keys(doc.components.schemas[schema]?.properties ?? {}).sort();
    expect(names('EnvelopeHeaders')).toEqual(Object.values(HEADERS).sort());
    expect(names('RetryHeaders')).toEqual(Object.values(RETRY_HEADERS).sort());
    expect(names('DeadLetterHeaders')).toEqual(Object.values(DLQ_HEADERS).sort());
    expect(names('SuppressionHeaders')).toEqual([HEADERS.contentType, HEADERS.schemaVersion]);
  });

  it('shows both forms of an envelope with examples the contract accepts, and names every template', () => {
    const message = doc.components.messages.EmailEnvelope!;
    const examples = message.examples ?? [];
    expect(examples.map((example) => example.name)).toEqual(['template', 'custom']);
    for (const example of examples) expect(envelopeIssues(example.payload)).toEqual([]);
    for (const template of ENVELOPE_TEMPLATES) {
      expect(message.description).toContain(`\`${template}\``);
    }
  });
});
