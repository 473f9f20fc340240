import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WORKER_NODE_OPTIONS } from '../../src/app/node-options.js';

describe('WORKER_NODE_OPTIONS', () => {
  it('is what `pnpm --filter email-worker start` runs the worker with', () => {
    const pkg = JSON.parse(
      readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
    ) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.start).toBe(`node ${WORKER_NODE_OPTIONS} dist/main.js`);
  });
});
