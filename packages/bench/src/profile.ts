import { readFileSync } from 'node:fs';

/** The parts of a V8 `.cpuprofile` (Chrome DevTools format) that self time needs. */
export interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  }[];
  samples: number[];
  timeDeltas: number[];
}

export interface HotFunction {
  functionName: string;
  /** `url:line` (line 1-based); V8 pseudo-frames like `(garbage collector)` have no location. */
  location: string;
  selfMs: number;
  /** Share of all sampled time except `(idle)`. */
  percent: number;
}

const IDLE = '(idle)';

/**
 * Self time per function: each sample is charged the time until the next sample
 * (`timeDeltas[i + 1]`), summed over the samples whose leaf frame is that function.
 * Frames of one function (same name, url and line) are merged.
 */
export function topSelfTime(
  profile: CpuProfile,
  limit = 5,
): { top: HotFunction[]; busyMs: number } {
  const byId = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const selfUs = new Map<string, { frame: CpuProfile['nodes'][number]['callFrame']; us: number }>();
  let busyUs = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const frame = byId.get(profile.samples[i]!);
    const us = profile.timeDeltas[i + 1] ?? 0;
    if (frame === undefined || frame.functionName === IDLE) continue;
    busyUs += us;
    const key = `${frame.functionName}\u0000${frame.url}\u0000${frame.lineNumber}`;
    const entry = selfUs.get(key);
    if (entry === undefined) selfUs.set(key, { frame, us });
    else entry.us += us;
  }
  const top = [...selfUs.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, limit)
    .map(({ frame, us }) => ({
      functionName: frame.functionName === '' ? '(anonymous)' : frame.functionName,
      location: frame.url === '' ? '' : `${shortUrl(frame.url)}:${frame.lineNumber + 1}`,
      selfMs: us / 1000,
      percent: busyUs > 0 ? (us / busyUs) * 100 : 0,
    }));
  return { top, busyMs: busyUs / 1000 };
}

/** `file:///work/main/node_modules/.pnpm/x@1/node_modules/x/lib/a.js` → `x/lib/a.js`. */
export function shortUrl(url: string): string {
  const path = url.replace(/^file:\/\//, '');
  const modules = path.lastIndexOf('/node_modules/');
  if (modules >= 0) return path.slice(modules + '/node_modules/'.length);
  const packages = path.lastIndexOf('/packages/');
  if (packages >= 0) return path.slice(packages + '/packages/'.length);
  return path;
}

export function readProfile(file: string): CpuProfile {
  return JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
}
