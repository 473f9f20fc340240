import { fileURLToPath } from 'node:url';
import { defineConfig, type ViteUserConfig } from 'vitest/config';

/**
 * The Vitest settings every package's suite shares: tests under test/, a JSON
 * report that CI sums up (every test-results/*.json), generous timeouts for a shared 2-core machine, and
 * with `kafka: true` the one-broker-per-run global setup, with `postgres: true`
 * the one-PostgreSQL-server-per-run one.
 *
 * @example
 * // vitest.config.ts
 * export default projectConfig({ kafka: true });
 */
export function projectConfig(
  options: {
    kafka?: boolean;
    postgres?: boolean;
    /** The JSON report; a package that runs its suite twice gives each run its own file. */
    resultsFile?: string;
  } = {},
): ViteUserConfig {
  const setups = [
    ...(options.kafka === true ? ['./global-setup.js'] : []),
    ...(options.postgres === true ? ['./postgres-global-setup.js'] : []),
  ];
  return defineConfig({
    test: {
      include: ['test/**/*.test.ts'],
      globalSetup: setups.map((file) => fileURLToPath(new URL(file, import.meta.url))),
      reporters: [
        'default',
        ['json', { outputFile: options.resultsFile ?? 'test-results/vitest.json' }],
      ],
      testTimeout: 30_000,
      hookTimeout: 120_000,
      // Conditions on a shared 2-core machine under a full test run can take seconds.
      expect: { poll: { timeout: 10_000, interval: 50 } },
    },
  });
}
