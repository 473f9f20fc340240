import { readFileSync } from 'node:fs';

type CallFrame = { functionName: string; url: string; lineNumber: number; columnNumber: number };

/** The parts of a V8 `.cpuprofile` (Chrome DevTools format) that self time needs. */
export interface CpuProfile {
  nodes: { id: number; callFrame: CallFrame; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

export interface HotFunction {
  functionName: string;
  /** `url:line` (line 1-based); native code and V8 pseudo-frames like `(garbage collector)` have none. */
  location: string;
  /** For native code: the nearest caller outside Node's own code that spent most of this time. */
  calledFrom?: string;
  selfMs: number;
  /** Share of all sampled time except `(idle)`. */
  percent: number;
}

export interface ProfileSummary {
  top: HotFunction[];
  /** Self time per package (native code charged to its nearest package caller), largest first. */
  byPackage: { name: string; selfMs: number; percent: number }[];
  busyMs: number;
}

const IDLE = '(idle)';

/**
 * Self time per function: each sample is charged the time until the next sample
 * (`timeDeltas[i + 1]`), summed over the samples whose leaf frame is that function.
 * Frames of one function (same name, url and line) are merged.
 */
export function topSelfTime(profile: CpuProfile, limit = 5): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parentOf.set(child, node.id);
  const callerOf = (id: number): CallFrame | undefined => {
    for (let at = parentOf.get(id); at !== undefined; at = parentOf.get(at)) {
      const frame = byId.get(at)?.callFrame;
      if (frame !== undefined && frame.url !== '' && !frame.url.startsWith('node:')) return frame;
    }
    return undefined;
  };

  const functions = new Map<
    string,
    { frame: CallFrame; us: number; callers: Map<string, number> }
  >();
  const packages = new Map<string, number>();
  let busyUs = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i]!;
    const frame = byId.get(id)?.callFrame;
    const us = profile.timeDeltas[i + 1] ?? 0;
    if (frame === undefined || frame.functionName === IDLE) continue;
    busyUs += us;
    const key = `${frame.functionName}\u0000${frame.url}\u0000${frame.lineNumber}`;
    let entry = functions.get(key);
    if (entry === undefined) functions.set(key, (entry = { frame, us: 0, callers: new Map() }));
    entry.us += us;
    const caller = frame.url === '' ? callerOf(id) : undefined;
    if (caller !== undefined) {
      const where = `${caller.functionName || '(anonymous)'} ${locationOf(caller)}`;
      entry.callers.set(where, (entry.callers.get(where) ?? 0) + us);
    }
    const owner = frame.url !== '' ? frame : (caller ?? frame);
    const name = owner.url === '' ? owner.functionName : packageOf(owner.url);
    packages.set(name, (packages.get(name) ?? 0) + us);
  }
  const share = (us: number) => (busyUs > 0 ? (us / busyUs) * 100 : 0);
  const top = [...functions.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, limit)
    .map(({ frame, us, callers }) => {
      const [calledFrom] = [...callers].sort((a, b) => b[1] - a[1])[0] ?? [];
      return {
        functionName: frame.functionName === '' ? '(anonymous)' : frame.functionName,
        location: frame.url === '' ? '' : locationOf(frame),
        ...(calledFrom === undefined ? {} : { calledFrom }),
        selfMs: us / 1000,
        percent: share(us),
      };
    });
  const byPackage = [...packages]
    .sort((a, b) => b[1] - a[1])
    .map(([name, us]) => ({ name, selfMs: us / 1000, percent: share(us) }));
  return { top, byPackage, busyMs: busyUs / 1000 };
}

function locationOf(frame: CallFrame): string {
  return `${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
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

/** The npm package (or workspace package, or `node:` internals) a script URL belongs to. */
export function packageOf(url: string): string {
  if (url.startsWith('node:')) return 'node (internals)';
  if (url.startsWith('wasm://')) return 'wasm';
  const path = url.replace(/^file:\/\//, '');
  const modules = path.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const [scope, name] = path.slice(modules + '/node_modules/'.length).split('/');
    return scope?.startsWith('@') === true ? `${scope}/${name}` : (scope ?? url);
  }
  const packages = path.lastIndexOf('/packages/');
  if (packages >= 0)
    return `@fluentmeet/${path.slice(packages + '/packages/'.length).split('/')[0]}`;
  return url;
}

export function readProfile(file: string): CpuProfile {
  return JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
}
