import type { TestProject } from 'vitest/node';
import { startPostgres, waitForPostgres, type PostgresHandle } from './postgres-container.js';
import './provided-context.js';

function explainMissingPostgres(cause: unknown): Error {
  return new Error(
    'These tests need a real PostgreSQL server, and none could be had: POSTGRES_URL is not set and ' +
      'starting one with Testcontainers failed. Start Docker (and on a machine without registry ' +
      'access build the image: bash infra/images/postgres-offline/build.sh), or set ' +
      'POSTGRES_URL=postgres://user:password@host:port/postgres.',
    { cause },
  );
}

/**
 * Vitest globalSetup: one PostgreSQL server per test run, shared through
 * `inject('postgresUrl')`; each test file makes its own database with `createDatabase`.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const fromEnv = process.env.POSTGRES_URL;
  if (fromEnv !== undefined && fromEnv !== '') {
    await waitForPostgres(fromEnv);
    project.provide('postgresUrl', fromEnv);
    return async () => {};
  }
  let server: PostgresHandle;
  try {
    server = await startPostgres();
  } catch (cause) {
    throw explainMissingPostgres(cause);
  }
  project.provide('postgresUrl', server.url);
  return async () => {
    await server.stop();
  };
}
