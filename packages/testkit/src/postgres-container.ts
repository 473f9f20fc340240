import { randomUUID } from 'node:crypto';
import pg from 'pg';
import {
  GenericContainer,
  ImageName,
  Wait,
  getContainerRuntimeClient,
  type StartedTestContainer,
} from 'testcontainers';
import { startReaper } from './reaper.js';

/** PostgreSQL major version the project is tested with (Debian bookworm ships 15). */
export const POSTGRES_MAJOR = '15';
/** The official image, used when it is present or can be pulled. */
export const OFFICIAL_POSTGRES_IMAGE = `postgres:${POSTGRES_MAJOR}`;
/** The image infra/images/postgres-offline/build.sh makes without any registry. */
export const OFFLINE_POSTGRES_IMAGE = `fluentmeet/postgres-offline:${POSTGRES_MAJOR}`;

const USER = 'fluentmeet';
const PASSWORD = 'fluentmeet-test';
const PGDATA = '/var/lib/postgresql/data';

export interface StartPostgresOptions {
  /** Image to run; defaults to `POSTGRES_IMAGE`, else the official image, else the offline one. */
  image?: string;
  startupTimeoutMs?: number;
}

export interface PostgresHandle {
  /** Connection URL of the server's `postgres` database, as the superuser. */
  readonly url: string;
  readonly image: string;
  /** Stops and removes the container (its data lives in a tmpfs and goes with it). */
  stop(): Promise<void>;
}

/** Picks the image: explicit, then POSTGRES_IMAGE, then the official image if present locally, else the offline one if present. */
export async function resolvePostgresImage(explicit?: string): Promise<string> {
  process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
  process.env.TESTCONTAINERS_HOST_OVERRIDE ??= 'localhost';
  const chosen = explicit ?? process.env.POSTGRES_IMAGE;
  if (chosen) return chosen;
  const client = await getContainerRuntimeClient();
  if (await client.image.exists(ImageName.fromString(OFFICIAL_POSTGRES_IMAGE)))
    return OFFICIAL_POSTGRES_IMAGE;
  if (await client.image.exists(ImageName.fromString(OFFLINE_POSTGRES_IMAGE)))
    return OFFLINE_POSTGRES_IMAGE;
  return OFFICIAL_POSTGRES_IMAGE; // Testcontainers will try to pull it.
}

function connectionUrl(host: string, port: number, database: string): string {
  const url = new URL(`postgres://${host}:${port}/${encodeURIComponent(database)}`);
  url.username = USER;
  url.password = PASSWORD;
  return url.toString();
}

/** Polls until the server answers a query over TCP (from this machine, through the mapped port). */
export async function waitForPostgres(url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
    try {
      await client.connect();
      await client.query('select 1');
      return;
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  throw new Error(`PostgreSQL did not answer within ${timeoutMs} ms`, { cause: lastError });
}

/**
 * Starts a PostgreSQL server in a container and waits until it answers.
 * Readiness is `pg_isready` over TCP inside the container: the official
 * image's init phase listens on its socket only, so it cannot pass early.
 * Durability is traded for speed (fsync off, data in a tmpfs): a test server.
 *
 * @example
 * const server = await startPostgres();
 * const db = await createDatabase(server.url);
 * // ... connect to db.url
 * await server.stop();
 */
export async function startPostgres(options: StartPostgresOptions = {}): Promise<PostgresHandle> {
  const image = await resolvePostgresImage(options.image);
  let container: StartedTestContainer;
  try {
    container = await new GenericContainer(image)
      .withEnvironment({
        POSTGRES_USER: USER,
        POSTGRES_PASSWORD: PASSWORD,
        POSTGRES_DB: 'postgres',
      })
      .withCommand([
        'postgres',
        ...['fsync=off', 'synchronous_commit=off', 'full_page_writes=off'].flatMap((s) => [
          '-c',
          s,
        ]),
      ])
      .withTmpFs({ [PGDATA]: 'rw' })
      .withExposedPorts(5432)
      .withWaitStrategy(Wait.forSuccessfulCommand(`pg_isready -h 127.0.0.1 -p 5432 -U ${USER}`))
      .withStartupTimeout(options.startupTimeoutMs ?? 60_000)
      .withLabels({ 'com.fluentmeet.role': 'postgres' })
      .start();
  } catch (cause) {
    throw new Error(
      `Could not start PostgreSQL from image ${image}. If this machine cannot pull images, ` +
        'build the offline image first: bash infra/images/postgres-offline/build.sh',
      { cause },
    );
  }
  startReaper(container.getId());
  const url = connectionUrl(container.getHost(), container.getMappedPort(5432), 'postgres');
  await waitForPostgres(url);
  return {
    url,
    image,
    stop: async () => {
      await container.stop({ timeout: 5_000 });
    },
  };
}

export interface TestDatabase {
  readonly name: string;
  /** Connection URL of the new database (same server and credentials as the admin URL). */
  readonly url: string;
  /** Drops the database, closing whatever connections are left. */
  drop(): Promise<void>;
}

async function asAdmin(adminUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * Creates a fresh, empty database on the server behind `adminUrl` (one per test file).
 *
 * @example
 * const db = await createDatabase(inject('postgresUrl'));
 * afterAll(() => db.drop());
 */
export async function createDatabase(adminUrl: string, prefix = 'test'): Promise<TestDatabase> {
  const name = `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const quoted = pg.escapeIdentifier(name);
  await asAdmin(adminUrl, `CREATE DATABASE ${quoted}`);
  const url = new URL(adminUrl);
  url.pathname = `/${encodeURIComponent(name)}`;
  return {
    name,
    url: url.toString(),
    drop: () => asAdmin(adminUrl, `DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`),
  };
}
