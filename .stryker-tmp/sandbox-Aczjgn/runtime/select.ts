// @ts-nocheck
import type { Settings } from '../config/settings.js';
import type { TargetName } from '../config/targets.js';


export interface Choice {
  target: TargetName;
  /** One line on why, printed by global setup. */
  reason: string;
}

export class TargetError extends Error {
  override name = 'TargetError';
}

/** Whether a Docker engine answers, found the way Testcontainers finds it (DOCKER_HOST, config, sockets). */
export type DockerProbe = () => Promise<{ available: true; where: string } | { available: false; why: string }>;

export const probeDocker: DockerProbe = async () => {
  const { getContainerRuntimeClient } = await import('testcontainers');
  try {
    const client = await getContainerRuntimeClient();
    const runtime = client.info.containerRuntime;
    return { available: true, where: `${runtime.remoteSocketPath ?? runtime.host} (Docker ${runtime.serverVersion})` };
  } catch (err) {
    return { available: false, why: (err as Error).message };
  }
};

const NO_DOCKER_HELP =
  'Start a Docker engine (Docker Desktop, or dockerd; on a machine without a registry, ../shared/tools/docker-rig/setup.sh), ' +
  'or run with TARGET=local (embedded PostgreSQL, no Docker needed).';

/**
 * TARGET=auto: remote when BASE_URL is set, containers when a Docker engine answers,
 * local otherwise. An explicit TARGET is obeyed, or refused at once with what to do.
 */
export async function chooseTarget(settings: Settings, probe: DockerProbe = probeDocker): Promise<Choice> {
  switch (settings.TARGET) {
    case 'remote':
      return { target: 'remote', reason: `TARGET=remote, BASE_URL=${settings.BASE_URL}` };
    case 'local':
      return { target: 'local', reason: 'TARGET=local' };
    case 'containers': {
      const docker = await probe();
      if (!docker.available) throw new TargetError(`TARGET=containers needs a Docker engine, and none answered (${docker.why}). ${NO_DOCKER_HELP}`);
      return { target: 'containers', reason: `TARGET=containers; Docker engine at ${docker.where}` };
    }
    case 'auto': {
      if (settings.BASE_URL) return { target: 'remote', reason: `TARGET=auto and BASE_URL is set (${settings.BASE_URL})` };
      const docker = await probe();
      if (docker.available) return { target: 'containers', reason: `TARGET=auto and a Docker engine answered at ${docker.where}` };
      return { target: 'local', reason: `TARGET=auto and no Docker engine answered (${docker.why})` };
    }
  }
}
