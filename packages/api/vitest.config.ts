import { projectConfig } from '@fluentmeet/testkit/vitest';

// API_TEST_DB=postgres runs the same suite on PostgreSQL (test/helpers/database.ts), with
// its own report; `pnpm test` runs both (scripts/test.sh).
const postgres = process.env.API_TEST_DB === 'postgres';

export default projectConfig({
  kafka: true,
  postgres,
  ...(postgres ? { resultsFile: 'test-results/vitest-postgres.json' } : {}),
});
