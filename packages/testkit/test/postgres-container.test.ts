import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDatabase, resolvePostgresImage, type TestDatabase } from '../src/index.js';

async function query<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

describe('the PostgreSQL server of the test run', () => {
  const databases: TestDatabase[] = [];
  afterAll(async () => {
    for (const database of databases) await database.drop();
  });

  it('gives each caller a fresh database of its own on the one server', async () => {
    const adminUrl = inject('postgresUrl');
    const first = await createDatabase(adminUrl);
    const second = await createDatabase(adminUrl);
    databases.push(first, second);
    expect(first.name).not.toEqual(second.name);

    await query(first.url, 'create table mark (id int primary key); insert into mark values (1)');
    expect(await query<{ db: string }>(first.url, 'select current_database() as db')).toEqual([
      { db: first.name },
    ]);
    expect(await query(first.url, 'select id from mark')).toEqual([{ id: 1 }]);
    const tables = await query(second.url, "select 1 from pg_tables where tablename = 'mark'");
    expect(tables).toEqual([]);
  });

  it('answers over TCP with password authentication only', async () => {
    const wrong = new URL(inject('postgresUrl'));
    wrong.password = 'not-the-password';
    await expect(query(wrong.toString(), 'select 1')).rejects.toThrow(/password authentication/);
  });

  it('drops a database together with the connections left open on it', async () => {
    const database = await createDatabase(inject('postgresUrl'), 'dropme');
    const client = new pg.Client({ connectionString: database.url });
    client.on('error', () => undefined); // the drop terminates this session
    await client.connect();
    await database.drop();
    const left = await query(
      inject('postgresUrl'),
      `select 1 from pg_database where datname = '${database.name}'`,
    );
    expect(left).toEqual([]);
    await client.end().catch(() => undefined);
  });

  it('takes an explicit image, then POSTGRES_IMAGE', async () => {
    expect(await resolvePostgresImage('example/pg:1')).toBe('example/pg:1');
    const saved = process.env.POSTGRES_IMAGE;
    process.env.POSTGRES_IMAGE = 'example/pg:2';
    try {
      expect(await resolvePostgresImage()).toBe('example/pg:2');
    } finally {
      if (saved === undefined) delete process.env.POSTGRES_IMAGE;
      else process.env.POSTGRES_IMAGE = saved;
    }
  });
});
