import { OFFLINE_POSTGRES_IMAGE, randomName, startReaper } from '@fluentmeet/testkit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containerLogs, docker } from '../src/index.js';

// The offline image must behave like the official one where the testkit and the
// stack rely on it: the POSTGRES_* variables, initdb once into the volume, password
// auth over TCP, pg_isready, a clean stop, the postgres user.
describe(`the offline PostgreSQL image (${OFFLINE_POSTGRES_IMAGE})`, () => {
  const volume = randomName('fluentmeet-pgdata');
  const containers: string[] = [];
  const env = [
    '-e',
    'POSTGRES_USER=app',
    '-e',
    'POSTGRES_PASSWORD=app-secret',
    '-e',
    'POSTGRES_DB=appdb',
  ];

  async function start(): Promise<{ id: string; url: string }> {
    const id = await docker(
      'run',
      '-d',
      '--label',
      'com.fluentmeet.role=image-test',
      '-v',
      `${volume}:/var/lib/postgresql/data`,
      '-p',
      '127.0.0.1::5432',
      ...env,
      OFFLINE_POSTGRES_IMAGE,
    );
    containers.push(id);
    startReaper(id);
    await expect
      .poll(
        () => docker('exec', id, 'pg_isready', '-h', '127.0.0.1', '-U', 'app').catch(() => ''),
        {
          timeout: 60_000,
          interval: 250,
        },
      )
      .toMatch(/accepting connections/);
    const port = (await docker('port', id, '5432/tcp')).split(':').pop();
    return { id, url: `postgres://app:app-secret@127.0.0.1:${port}/appdb` };
  }

  async function query(url: string, text: string): Promise<unknown[]> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query<Record<string, unknown>>(text)).rows;
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    await docker('volume', 'create', volume);
  });

  afterAll(async () => {
    if (containers.length > 0) await docker('rm', '-f', '-v', ...containers).catch(() => undefined);
    await docker('volume', 'rm', volume).catch(() => undefined);
  });

  it('initialises the volume once, serves POSTGRES_DB with password auth, stops clean, and keeps its data', async () => {
    const first = await start();
    await query(first.url, 'create table kept (id int); insert into kept values (42)');
    const wrong = first.url.replace('app-secret', 'wrong');
    await expect(query(wrong, 'select 1')).rejects.toThrow(/password authentication failed/);
    const processes = (await docker('top', first.id, '-o', 'pid,uid')).split('\n').slice(1);
    expect(processes.map((line) => line.trim().split(/\s+/)[1])).toEqual(
      processes.map(() => '999'),
    );

    await docker('stop', first.id);
    expect(await docker('inspect', '--format', '{{.State.ExitCode}}', first.id)).toBe('0');
    const firstLog = await containerLogs(first.id);
    expect(firstLog).toContain('PostgreSQL init process complete');
    expect(firstLog).toContain('database system is shut down');

    const second = await start();
    expect(await query(second.url, 'select id from kept')).toEqual([{ id: 42 }]);
    expect(await containerLogs(second.id)).not.toContain('init process complete');
  });
});
