// @ts-nocheck
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ContainerRuntimeClient } from 'testcontainers';
import { CONTAINER_PORTS, type ServiceName } from '../services.js';

/** The images of the containers target's dependencies: pinned here and nowhere else. */
export const POSTGRES_IMAGE = 'postgres:16-alpine';
export const REDIS_IMAGE = 'redis:7-alpine';

/** Everything the services' images are built from (relative to the repository root). */
const INPUTS = [
  'services/Dockerfile', 'package.json', 'package-lock.json', '.dockerignore', 'services/build.mjs',
  'services/shop-api/package.json', 'services/shop-api/src', 'services/shop-api/migrations',
  'services/payment-provider/package.json', 'services/payment-provider/src',
];

function files(root: string, relative: string): string[] {
  const full = path.join(root, relative);
  if (!statSync(full).isDirectory()) return [relative];
  return readdirSync(full).sort().flatMap((entry) => files(root, path.join(relative, entry)));
}

/**
 * The image tag for a service: a hash of everything the images are built from, so an
 * unchanged service is not rebuilt at all, and a changed one never runs old code.
 */
export function imageTag(root: string, service: ServiceName): string {
  const hash = createHash('sha256');
  for (const file of INPUTS.flatMap((f) => files(root, f))) {
    hash.update(file).update('\0').update(readFileSync(path.join(root, file))).update('\0');
  }
  return `shop-suite/${service}:${hash.digest('hex').slice(0, 12)}`;
}

/**
 * The service's image: found by its tag, or built from services/Dockerfile (and the
 * service's older images removed; one still in use stays).
 */
export async function ensureImage(client: ContainerRuntimeClient, root: string, service: ServiceName): Promise<{ tag: string; built: boolean }> {
  const { GenericContainer, ImageName } = await import('testcontainers');
  const tag = imageTag(root, service);
  if (await client.image.exists(ImageName.fromString(tag))) return { tag, built: false };
  try {
    await GenericContainer.fromDockerfile(root, 'services/Dockerfile')
      .withBuildArgs({ SERVICE: service, PORT: String(CONTAINER_PORTS[service]) })
      .build(tag, { deleteOnExit: false });
  } catch (err) {
    throw new Error(
      `Building the ${service} image failed (${(err as Error).message}). ` +
        `To see Docker's output, run from the repository root: docker build -f services/Dockerfile --build-arg SERVICE=${service} .`,
    );
  }
  const docker = client.container.dockerode;
  const images = await docker.listImages({ filters: JSON.stringify({ reference: [`shop-suite/${service}`] }) }).catch(() => []);
  for (const image of images.filter((i) => !(i.RepoTags ?? []).includes(tag))) {
    await docker.getImage(image.Id).remove().catch(() => {});
  }
  return { tag, built: true };
}
