import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ContainerRuntimeClient } from 'testcontainers';
import { CONTAINER_PORTS, DATABASE, type ServiceName } from '../services.js';

/** The image PostgreSQL's is built from: pinned here and nowhere else (Redis's in cache.ts). */
export const POSTGRES_IMAGE = 'postgres:16-alpine';

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

/** A hash of the files (and settings) an image is built from: its tag. */
function hashOf(root: string, inputs: string[], extra: unknown = null): string {
  const hash = createHash('sha256').update(JSON.stringify(extra));
  for (const file of inputs.flatMap((f) => files(root, f))) {
    hash.update(file).update('\0').update(readFileSync(path.join(root, file))).update('\0');
  }
  return hash.digest('hex').slice(0, 12);
}

/**
 * The service's image: found by its tag, or built from services/Dockerfile (and the
 * service's older images removed; one still in use stays). The tag is a hash of
 * everything the images are built from, so an unchanged service is not rebuilt at all,
 * and a changed one never runs old code.
 */
export function ensureImage(client: ContainerRuntimeClient, root: string, service: ServiceName): Promise<{ tag: string; built: boolean }> {
  return ensureBuilt(client, root, {
    tag: `shop-suite/${service}:${hashOf(root, INPUTS)}`,
    context: '.',
    dockerfile: 'services/Dockerfile',
    buildArgs: { SERVICE: service, PORT: String(CONTAINER_PORTS[service]) },
  });
}

/** Its own build context: it needs no file of the repository but itself. */
const POSTGRES_CONTEXT = 'runtime/containers/postgres';

/**
 * PostgreSQL with its cluster and shop-api's database made at build time (see its
 * Dockerfile), from POSTGRES_IMAGE: built once, then found by its tag.
 */
export function ensurePostgresImage(client: ContainerRuntimeClient, root: string): Promise<{ tag: string; built: boolean }> {
  const buildArgs = { POSTGRES_IMAGE, POSTGRES_USER: DATABASE.user, POSTGRES_PASSWORD: DATABASE.password, POSTGRES_DB: DATABASE.name };
  return ensureBuilt(client, root, {
    tag: `shop-suite/postgres:${hashOf(root, [POSTGRES_CONTEXT], buildArgs)}`,
    context: POSTGRES_CONTEXT,
    dockerfile: 'Dockerfile',
    buildArgs,
  });
}

async function ensureBuilt(client: ContainerRuntimeClient, root: string, image: { tag: string; context: string; dockerfile: string; buildArgs: Record<string, string> }): Promise<{ tag: string; built: boolean }> {
  const { GenericContainer, ImageName } = await import('testcontainers');
  const { tag, context, dockerfile, buildArgs } = image;
  if (await client.image.exists(ImageName.fromString(tag))) return { tag, built: false };
  try {
    await GenericContainer.fromDockerfile(path.join(root, context), dockerfile).withBuildArgs(buildArgs).build(tag, { deleteOnExit: false });
  } catch (err) {
    const args = Object.entries(buildArgs).map(([k, v]) => `--build-arg ${k}=${v}`).join(' ');
    throw new Error(`Building ${tag} failed (${(err as Error).message}). To see Docker's output, run from the repository root: docker build -f ${path.join(context, dockerfile)} ${args} ${context}`);
  }
  const repository = tag.split(':')[0]!;
  const docker = client.container.dockerode;
  const images = await docker.listImages({ filters: JSON.stringify({ reference: [repository] }) }).catch(() => []);
  for (const old of images.filter((i) => !(i.RepoTags ?? []).includes(tag))) {
    await docker.getImage(old.Id).remove().catch(() => {});
  }
  return { tag, built: true };
}
