import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Runs the docker CLI and returns its trimmed stdout; a failure carries docker's stderr. */
export async function docker(...args: string[]): Promise<string> {
  try {
    const { stdout } = await run('docker', args, { maxBuffer: 16 * 1024 * 1024 });
    return stdout.trim();
  } catch (cause) {
    const stderr = (cause as { stderr?: string }).stderr?.trim() ?? '';
    throw new Error(`docker ${args[0]} failed: ${stderr || String(cause)}`, { cause });
  }
}

/** The health status Docker keeps for a container with a HEALTHCHECK. */
export async function healthStatus(container: string): Promise<string> {
  return docker('inspect', '--format', '{{.State.Health.Status}}', container);
}

/** Both streams of a container's log, as one text. */
export async function containerLogs(container: string): Promise<string> {
  try {
    const { stdout, stderr } = await run('docker', ['logs', container], {
      maxBuffer: 16 * 1024 * 1024,
    });
    return stdout + stderr;
  } catch (cause) {
    throw new Error(`docker logs ${container} failed`, { cause });
  }
}
