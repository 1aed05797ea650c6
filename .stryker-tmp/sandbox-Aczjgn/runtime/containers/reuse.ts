// @ts-nocheck
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ContainerRuntimeClient } from 'testcontainers';
import { newSecrets, type Secrets } from '../services.js';

// CONTAINERS_REUSE=true: the containers stay up after a run, on a network of their own,
// and the next run picks them up.

export const REUSE_NETWORK = 'shop-suite-reuse';
export const REUSE_LABEL = 'shop-suite.reuse';

export const REMOVE_HINT = `docker rm -f $(docker ps -aq --filter label=${REUSE_LABEL}) && docker network rm ${REUSE_NETWORK}`;

/** Secrets of reused containers must not change between runs, or they would not be reused. */
export function reuseSecrets(root: string): Secrets {
  const file = path.join(root, 'node_modules/.cache/shop-suite/containers-reuse.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as Secrets;
  const secrets = newSecrets();
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(secrets));
  return secrets;
}

export async function ensureReuseNetwork(client: ContainerRuntimeClient): Promise<void> {
  await client.network.getById(REUSE_NETWORK).inspect().catch(() =>
    client.network.create({ Name: REUSE_NETWORK, Labels: { [REUSE_LABEL]: 'true' }, CheckDuplicate: true }));
}

/** A reused container from an older image would answer beside the new one under the same alias: it goes. */
export async function removeStale(client: ContainerRuntimeClient, service: string, image: string): Promise<void> {
  const stale = (await client.container.list()).filter((c) => c.Labels[REUSE_LABEL] === 'true' && c.Labels['shop-suite.service'] === service && c.Image !== image);
  await Promise.all(stale.map(async (c) => {
    const container = client.container.getById(c.Id);
    await client.container.stop(container, { timeout: 5 }).catch(() => {});
    await client.container.remove(container, { removeVolumes: true }).catch(() => {});
  }));
}
