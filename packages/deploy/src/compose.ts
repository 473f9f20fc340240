import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** infra/compose/compose.yaml, the production-shaped stack. */
export const COMPOSE_FILE = fileURLToPath(
  new URL('../../../infra/compose/compose.yaml', import.meta.url),
);

/**
 * The Compose CLI: `COMPOSE` when set (e.g. `docker compose` for v2), else the
 * `docker-compose` binary (Debian's 1.29) when on PATH, else `docker compose`.
 */
export async function composeCommand(): Promise<string[]> {
  const chosen = process.env.COMPOSE?.trim();
  if (chosen) return chosen.split(/\s+/);
  try {
    await run('docker-compose', ['version', '--short']);
    return ['docker-compose'];
  } catch {
    return ['docker', 'compose'];
  }
}

export interface ComposeProject {
  readonly name: string;
  /** Runs one Compose command on the project; resolves to its trimmed stdout. */
  compose(...args: string[]): Promise<string>;
  /** The host address (`127.0.0.1:32768`) Docker published for a container port. */
  port(service: string, containerPort: number): Promise<string>;
  /** Container ids of one service, in the order of their index (`_1`, `_2`, …). */
  containers(service: string): Promise<string[]>;
}

/**
 * One Compose project (`-p name`) on the given files, with the variables of
 * `env` on top of this process's environment for interpolation.
 */
export async function composeProject(
  name: string,
  env: Record<string, string>,
  files: string[] = [COMPOSE_FILE],
): Promise<ComposeProject> {
  const [binary, ...prefix] = await composeCommand();
  const base = [...prefix, '-p', name, ...files.flatMap((file) => ['-f', file])];
  const compose = async (...args: string[]) => {
    try {
      const { stdout } = await run(binary!, [...base, ...args], {
        env: { ...process.env, ...env },
        maxBuffer: 64 * 1024 * 1024,
      });
      return stdout.trim();
    } catch (cause) {
      const stderr = (cause as { stderr?: string }).stderr?.trim() ?? '';
      throw new Error(`compose ${args.join(' ')} failed: ${stderr || String(cause)}`, { cause });
    }
  };
  return {
    name,
    compose,
    async port(service, containerPort) {
      const address = await compose('port', service, String(containerPort));
      if (!/:\d+$/.test(address)) throw new Error(`${service}:${containerPort} is not published`);
      return address;
    },
    async containers(service) {
      const ids = (await compose('ps', '-q', service)).split('\n').filter(Boolean);
      const indexed = await Promise.all(
        ids.map(async (id) => {
          const { stdout } = await run('docker', [
            'inspect',
            '--format',
            '{{index .Config.Labels "com.docker.compose.container-number"}}',
            id,
          ]);
          return { id, number: Number(stdout.trim()) };
        }),
      );
      return indexed.sort((a, b) => a.number - b.number).map(({ id }) => id);
    },
  };
}
