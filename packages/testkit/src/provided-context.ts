import type {} from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Bootstrap addresses of the one Kafka broker of this test run. */
    kafkaBrokers: string[];
  }
}
