import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { styleText } from 'node:util';
import { prettyFactory } from 'pino-pretty';

type Color = Parameters<typeof styleText>[0];

export interface ManagedProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** Resolves with the exit code (or signal) once the process has ended. */
  readonly exited: Promise<number | NodeJS.Signals>;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

const pretty = prettyFactory({
  colorize: process.stdout.isTTY,
  translateTime: 'HH:MM:ss.l',
  ignore: 'pid,hostname',
  singleLine: true,
});

/**
 * Starts a Node.js script as its own process and prints its output prefixed
 * with its name, pino JSON lines pretty-printed, so the logs of all processes
 * read well together.
 */
export function startProcess(
  name: string,
  script: string,
  env: Record<string, string | undefined>,
  color: Color,
  nodeOptions: string[] = [],
): ManagedProcess {
  const child = spawn(process.execPath, [...nodeOptions, script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Own process group: Ctrl-C in the terminal reaches only the dev runner,
    // which then stops each process once, in order (a second signal would make
    // the worker skip its graceful drain).
    detached: true,
  });
  process.once('exit', () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  const prefix = styleText(color, `[${name}]`.padEnd(9));
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      const text = line.startsWith('{') ? pretty(line).trimEnd() : line;
      process.stdout.write(`${prefix} ${text}\n`);
    });
  }
  const exited = new Promise<number | NodeJS.Signals>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 0));
  });
  return {
    name,
    child,
    exited,
    stop: async (graceMs = 10_000) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Polls a URL until it answers 2xx. */
export async function waitForHttp(
  url: string,
  timeoutMs: number,
  failed: Promise<unknown>,
): Promise<void> {
  let gaveUp = false;
  const failure = failed.then(() => {
    gaveUp = true;
    throw new Error(`process ended before ${url} was ready`);
  });
  const poll = (async () => {
    const deadline = Date.now() + timeoutMs;
    while (!gaveUp && Date.now() < deadline) {
      try {
        const response = await fetch(url);
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`${url} was not ready within ${timeoutMs} ms`);
  })();
  await Promise.race([poll, failure]);
}
