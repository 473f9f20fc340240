import type {} from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Bootstrap addresses of the one Kafka broker of this test run. */
    kafkaBrokers: string[];
    /** Admin URL of the one PostgreSQL server of this test run (`projectConfig({ postgres: true })`). */
    postgresUrl: string;
  }
}
