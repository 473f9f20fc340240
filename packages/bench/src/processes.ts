import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, createWriteStream, openSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Child {
  readonly name: string;
  readonly pid: number;
  readonly exited: Promise<number | string>;
  /** Resolves when a line of its output contains `text`. */
  waitForLine(text: string, timeoutMs: number): Promise<void>;
  /** CPU seconds used so far. */
  cpuSeconds(): number;
  /** Peak resident set size so far (VmHWM), in MiB; NaN once the process is gone. */
  peakRssMb(): number;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

const running = new Set<ChildProcess>();

/** Last resort: kill whatever is still running when the harness exits. */
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export interface StartOptions {
  nodeArgs?: string[];
  /**
   * Pipe the output through the harness so `waitForLine` works. Otherwise the child writes
   * straight to the log file, which costs the harness nothing during a measurement.
   */
  watchOutput?: boolean;
}

/** Starts `node [nodeArgs] script` with its output appended to `logFile`. */
export function startNode(
  name: string,
  script: string,
  env: Record<string, string>,
  logFile: string,
  options: StartOptions = {},
): Child {
  const watchOutput = options.watchOutput === true;
  const fd = watchOutput ? undefined : openSync(logFile, 'a');
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), script], {
    env: { ...process.env, ...env },
    stdio: fd === undefined ? ['ignore', 'pipe', 'pipe'] : ['ignore', fd, fd],
  });
  if (fd !== undefined) closeSync(fd);
  if (child.pid === undefined) throw new Error(`${name} did not start`);
  running.add(child);
  const watchers = new Set<(line: string) => void>();
  if (watchOutput) {
    const log = createWriteStream(logFile, { flags: 'a' });
    for (const stream of [child.stdout, child.stderr]) {
      if (stream === null) continue;
      createInterface({ input: stream }).on('line', (line) => {
        log.write(`${line}\n`);
        for (const watch of watchers) watch(line);
      });
    }
    child.once('exit', () => setTimeout(() => log.end(), 100));
  }
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve(code ?? signal ?? 0);
    });
  });
  const pid = child.pid;
  return {
    name,
    pid,
    exited,
    waitForLine: (text, timeoutMs) =>
      new Promise<void>((resolve, reject) => {
        if (!watchOutput) throw new Error(`${name}: started without watchOutput`);
        const timer = setTimeout(() => {
          watchers.delete(watch);
          reject(new Error(`${name}: no "${text}" within ${timeoutMs} ms (log: ${logFile})`));
        }, timeoutMs);
        const watch = (line: string) => {
          if (!line.includes(text)) return;
          clearTimeout(timer);
          watchers.delete(watch);
          resolve();
        };
        watchers.add(watch);
        void exited.then((code) => {
          clearTimeout(timer);
          reject(new Error(`${name} exited (${code}) before "${text}" (log: ${logFile})`));
        });
      }),
    peakRssMb: () => peakRssMb(pid),
    cpuSeconds: () => cpuSeconds(pid),
    stop: async (graceMs = 15_000) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** VmHWM of a process in MiB (Linux); NaN when it cannot be read. */
export function peakRssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(status);
    return match === null ? Number.NaN : Number(match[1]) / 1024;
  } catch {
    return Number.NaN;
  }
}

/** CPU time (user + system) a process has used so far, in seconds (Linux); NaN when gone. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are the 14th and 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return Number.NaN;
  }
}

/** USER_HZ: 100 on every Linux this runs on. */
const CLOCK_TICKS = 100;

export { freePort } from '@fluentmeet/testkit';

/** Polls `url` until it answers 2xx, or fails when the child exits first. */
export async function waitForHttp(url: string, timeoutMs: number, child?: Child): Promise<void> {
  let gone = false;
  void child?.exited.then(() => (gone = true));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (gone) throw new Error(`${child?.name} exited before ${url} answered`);
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}
