import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, runNode, waitForHttp } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'testkit-runner-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function script(name: string, source: string): string {
  const path = join(dir, name);
  writeFileSync(path, source);
  return path;
}

describe('runNode', () => {
  it('passes the environment, reports lines, and stops a process with SIGTERM', async () => {
    const lines: string[] = [];
    const child = runNode({
      name: 'echo',
      script: script(
        'echo.mjs',
        "process.on('SIGTERM', () => { console.log('bye'); process.exit(0); }); console.log('hello ' + process.env.WHO); setInterval(() => {}, 1000);",
      ),
      env: { WHO: 'runner' },
      onLine: (line) => lines.push(line),
    });
    await child.waitForLine('hello runner', 10_000);
    await child.stop();
    expect(await child.exited).toBe(0);
    expect(lines).toEqual(['hello runner', 'bye']);
  });

  it('writes the output to a log file and says when a line never came', async () => {
    const logFile = join(dir, 'quiet.log');
    const child = runNode({
      name: 'quiet',
      script: script('quiet.mjs', "console.error('to the file'); process.exit(3);"),
      logFile,
      watch: true,
    });
    await expect(child.waitForLine('never', 10_000)).rejects.toThrow('quiet exited (3)');
    await expect.poll(() => readFileSync(logFile, 'utf8')).toContain('to the file');
  });
});

describe('waitForHttp', () => {
  it('waits until the URL answers 2xx', async () => {
    const port = await freePort();
    let calls = 0;
    const server = createServer((_request, response) => {
      calls += 1;
      response.writeHead(calls < 3 ? 503 : 200).end();
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    try {
      await waitForHttp(`http://127.0.0.1:${port}/`, { timeoutMs: 10_000, intervalMs: 10 });
      expect(calls).toBe(3);
    } finally {
      server.close();
    }
  });

  it('gives up as soon as the process that should answer has exited', async () => {
    const port = await freePort();
    const child = runNode({ name: 'crash', script: script('crash.mjs', 'process.exit(1);') });
    await expect(
      waitForHttp(`http://127.0.0.1:${port}/`, { timeoutMs: 30_000, process: child }),
    ).rejects.toThrow('crash exited before');
  });
});
