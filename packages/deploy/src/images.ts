import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { docker } from './docker.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../', import.meta.url));

/** The application images infra/images/build.sh makes. */
export const APP_IMAGES = ['api', 'email-worker', 'mailgun-sandbox'] as const;
export type AppImage = (typeof APP_IMAGES)[number];

/** The tag of an app image (`IMAGE_TAG`, as build.sh reads it). */
export function imageName(image: AppImage): string {
  return `fluentmeet/${image}:${process.env.IMAGE_TAG ?? 'latest'}`;
}

async function builtRevision(image: AppImage): Promise<string | undefined> {
  try {
    return await docker(
      'image',
      'inspect',
      '--format',
      '{{index .Config.Labels "org.opencontainers.image.revision"}}',
      imageName(image),
    );
  } catch {
    return undefined; // not built
  }
}

/**
 * Makes sure the images hold the code of this checkout: builds them with
 * infra/images/build.sh unless every one is labelled with the current commit of
 * a clean tree (a dirty tree always rebuilds; unchanged layers come from cache).
 */
export async function ensureAppImages(): Promise<void> {
  const git = async (...args: string[]) => (await run('git', ['-C', root, ...args])).stdout.trim();
  const clean = (await git('status', '--porcelain')) === '';
  const head = await git('rev-parse', 'HEAD');
  const revisions = await Promise.all(APP_IMAGES.map(builtRevision));
  if (clean && revisions.every((revision) => revision === head)) return;
  try {
    await run('bash', [`${root}infra/images/build.sh`], { maxBuffer: 16 * 1024 * 1024 });
  } catch (cause) {
    const stderr = (cause as { stderr?: string }).stderr ?? '';
    throw new Error(`infra/images/build.sh failed:\n${stderr}`, { cause });
  }
}
