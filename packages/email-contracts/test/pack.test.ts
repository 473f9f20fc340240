import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'contracts-pack-'));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function run(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('the packed package', () => {
  it('installs from its tarball and both entry points load with their types', () => {
    run('pnpm', ['pack', '--pack-destination', scratch], packageDir);
    const tarball = readdirSync(scratch).find((name) => name.endsWith('.tgz'));
    expect(tarball).toBeDefined();

    writeFileSync(
      join(scratch, 'package.json'),
      JSON.stringify({ name: 'scratch', private: true, type: 'module' }),
    );
    run(
      'pnpm',
      [
        'add',
        '--prefer-offline',
        '--ignore-workspace',
        `./${tarball}`,
        'kafkajs@2.2.4',
        'typescript@5.9.3',
        '@types/node@24',
      ],
      scratch,
    );

    writeFileSync(
      join(scratch, 'consumer.ts'),
      [
        "import { TOPICS, buildEnvelope, type EmailEnvelope } from '@fluentmeet/email-contracts';",
        "import { EmailProducer, kafkaConfigFromEnv } from '@fluentmeet/email-contracts/producer';",
        "import schema from '@fluentmeet/email-contracts/envelope.schema.json' with { type: 'json' };",
        "const envelope: EmailEnvelope = buildEnvelope({ to: 'a@example.com', template: 'password_changed', data: { changed_at: new Date().toISOString() } });",
        "const producer: EmailProducer = new EmailProducer({ config: kafkaConfigFromEnv({ KAFKA_BROKERS: 'localhost:9092' }) });",
        'console.log(TOPICS.email, envelope.version, typeof producer.sendEmail, schema.title);',
      ].join('\n'),
    );
    writeFileSync(
      join(scratch, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2024',
          strict: true,
          noEmit: true,
          resolveJsonModule: true,
          types: ['node'],
        },
        files: ['consumer.ts'],
      }),
    );
    run(join(scratch, 'node_modules/.bin/tsc'), ['-p', '.'], scratch);

    const output = run(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "const root = await import('@fluentmeet/email-contracts'); const p = await import('@fluentmeet/email-contracts/producer'); console.log(root.TOPICS.email, typeof p.EmailProducer);",
      ],
      scratch,
    );
    expect(output.trim()).toBe('notifications.email function');
  });

  it('does not load kafkajs when only the schemas are imported', () => {
    const output = run(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "import { createRequire } from 'node:module'; await import('@fluentmeet/email-contracts'); const loaded = Object.keys(createRequire(import.meta.url).cache).some((k) => k.includes('kafkajs')); console.log(loaded ? 'kafkajs loaded' : 'kafkajs not loaded');",
      ],
      scratch,
    );
    expect(output.trim()).toBe('kafkajs not loaded');
  });
});
