import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Removes a container once the process that started it is gone, however it
 * ended (Ctrl-C through a wrapper that dropped our pipes, SIGKILL, a crash).
 * Testcontainers' own reaper (Ryuk) needs an image from a registry, which
 * machines without registry access cannot pull; this one is a detached Node
 * process that polls the owner's pid.
 */
export function startReaper(containerId: string, ownerPid = process.pid): void {
  const child = spawn(
    process.execPath,
    [fileURLToPath(new URL('./reaper-process.js', import.meta.url)), containerId, String(ownerPid)],
    { detached: true, stdio: 'ignore' },
  );
  child.unref();
}
