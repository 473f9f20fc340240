/**
 * V8 heap settings the worker process runs with (package.json `start`, `pnpm dev`,
 * the benchmarks). On a large host V8 grows the heap lazily to hundreds of MB
 * before collecting, although the worker's live data is bounded by its window
 * (about 30 MB); a small young generation and an old-space cap keep the peak RSS
 * near 130 MB at full speed for about 3% more CPU (docs/benchmarks.md).
 * Under a container memory limit Node sizes the heap from the limit anyway.
 */
export const WORKER_NODE_OPTIONS = '--max-semi-space-size=2 --max-old-space-size=128';
