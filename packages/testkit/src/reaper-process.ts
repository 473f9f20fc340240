// Detached watcher started by startReaper: argv = containerId ownerPid.
import { getContainerRuntimeClient } from 'testcontainers';

const [containerId, ownerPid] = process.argv.slice(2);

function ownerAlive(): boolean {
  try {
    process.kill(Number(ownerPid), 0);
    return true;
  } catch {
    return false;
  }
}

async function removeContainer(): Promise<void> {
  const client = await getContainerRuntimeClient();
  await client.container
    .getById(containerId!)
    .remove({ force: true })
    .catch(() => undefined);
}

const timer = setInterval(() => {
  if (ownerAlive()) return;
  clearInterval(timer);
  void removeContainer().finally(() => process.exit(0));
}, 1_000);
