import { readFileSync } from 'node:fs';
import { runNode, type NodeProcess } from '@fluentmeet/testkit';

/** A measured process: the testkit's runner plus what /proc says about it. */
export interface Child extends NodeProcess {
  /** CPU seconds used so far. */
  cpuSeconds(): number;
  /** Peak resident set size so far (VmHWM), in MiB; NaN once the process is gone. */
  peakRssMb(): number;
}

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
  const child = runNode({
    name,
    script,
    env,
    logFile,
    nodeArgs: options.nodeArgs ?? [],
    watch: options.watchOutput === true,
  });
  return {
    ...child,
    cpuSeconds: () => cpuSeconds(child.pid),
    peakRssMb: () => peakRssMb(child.pid),
    stop: (graceMs = 15_000) => child.stop(graceMs),
  };
}

/** VmHWM of a process in MiB (Linux); NaN when it cannot be read. */
function peakRssMb(pid: number): number {
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
