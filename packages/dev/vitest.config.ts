import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: [fileURLToPath(import.meta.resolve('@fluentmeet/testkit/global-setup'))],
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Conditions on a shared 2-core machine under a full test run can take seconds.
    expect: { poll: { timeout: 10_000, interval: 50 } },
  },
});
