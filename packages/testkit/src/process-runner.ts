import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, createWriteStream, openSync } from 'node:fs';
import { createInterface } from 'node:readline';

export interface RunNodeOptions {
  /** Shown in errors; dev prefixes every line with it. */
  name: string;
  /** The script to run: resolve a package's entry point with `import.meta.resolve`. */
  script: string;
  /** Added to this process's environment. */
  env?: Record<string, string | undefined>;
  /** Node flags before the script (`--cpu-prof`, heap sizes, ...). */
  nodeArgs?: string[];
  /** Appends the output here. Without `onLine`/`watch` the child writes it itself, which costs this process nothing. */
  logFile?: string;
  /** Called for every line of output (stdout and stderr). */
  onLine?: (line: string) => void;
  /** Reads the output line by line so that `waitForLine` works. */
  watch?: boolean;
  /** Its own process group: a terminal's Ctrl-C reaches only this process, which stops the children in order. */
  detached?: boolean;
}

export interface NodeProcess {
  readonly name: string;
  readonly pid: number;
  readonly child: ChildProcess;
  /** The exit code, or the signal that ended it. */
  readonly exited: Promise<number | NodeJS.Signals>;
  /** Resolves when a line of output contains `text` (needs `watch` or `onLine`). */
  waitForLine(text: string, timeoutMs: number): Promise<void>;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

const running = new Set<ChildProcess>();
let exitHook = false;

/** Last resort: whatever is still running when this process exits is killed. */
function killOnExit(child: ChildProcess): void {
  running.add(child);
  if (exitHook) return;
  exitHook = true;
  process.once('exit', () => {
    for (const each of running) each.kill('SIGKILL');
  });
}

/**
 * Starts `node [nodeArgs] script` as a child process: the one process runner of
 * `pnpm dev` and `pnpm bench`.
 *
 * @example
 * const api = runNode({ name: 'api', script: fileURLToPath(import.meta.resolve('@fluentmeet/api/server')) });
 * await waitForHttp('http://127.0.0.1:3000/health/ready', { timeoutMs: 60_000, process: api });
 */
export function runNode(options: RunNodeOptions): NodeProcess {
  const { name, logFile, onLine } = options;
  const piped = options.watch === true || onLine !== undefined;
  const fd = !piped && logFile !== undefined ? openSync(logFile, 'a') : undefined;
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), options.script], {
    env: { ...process.env, ...options.env },
    stdio: piped ? ['ignore', 'pipe', 'pipe'] : ['ignore', fd ?? 'ignore', fd ?? 'ignore'],
    detached: options.detached === true,
  });
  if (fd !== undefined) closeSync(fd);
  if (child.pid === undefined) throw new Error(`${name} did not start`);
  killOnExit(child);

  const watchers = new Set<(line: string) => void>();
  if (piped) {
    const log = logFile === undefined ? undefined : createWriteStream(logFile, { flags: 'a' });
    for (const stream of [child.stdout, child.stderr]) {
      if (stream === null) continue;
      createInterface({ input: stream }).on('line', (line) => {
        log?.write(`${line}\n`);
        onLine?.(line);
        for (const watch of watchers) watch(line);
      });
    }
    child.once('exit', () => setTimeout(() => log?.end(), 100));
  }
  const exited = new Promise<number | NodeJS.Signals>((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve(code ?? signal ?? 0);
    });
  });
  const where = logFile === undefined ? '' : ` (log: ${logFile})`;

  return {
    name,
    pid: child.pid,
    child,
    exited,
    waitForLine: (text, timeoutMs) =>
      new Promise<void>((resolve, reject) => {
        if (!piped) throw new Error(`${name}: started without watch or onLine`);
        const timer = setTimeout(() => {
          watchers.delete(watch);
          reject(new Error(`${name}: no "${text}" within ${timeoutMs} ms${where}`));
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
          reject(new Error(`${name} exited (${code}) before "${text}"${where}`));
        });
      }),
    stop: async (graceMs = 10_000) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
