import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** The PostgreSQL image of the containers target: pinned here and nowhere else. */
export const POSTGRES_IMAGE = 'postgres:16-alpine';

export type ServiceName = 'shop-api' | 'payment-provider';

/** What each service's image is built from (relative to the repository root). */
const INPUTS: Record<ServiceName, string[]> = {
  'shop-api': ['services/shop-api/Dockerfile', 'services/shop-api/src', 'services/shop-api/migrations'],
  'payment-provider': ['services/payment-provider/Dockerfile', 'services/payment-provider/src'],
};
const SHARED_INPUTS = ['package.json', 'package-lock.json', '.dockerignore', 'services/build.mjs', 'services/shop-api/package.json', 'services/payment-provider/package.json'];

function files(root: string, relative: string): string[] {
  const full = path.join(root, relative);
  if (!statSync(full).isDirectory()) return [relative];
  return readdirSync(full).sort().flatMap((entry) => files(root, path.join(relative, entry)));
}

/**
 * The image tag for a service: a hash of everything its image is built from, so an
 * unchanged service is not rebuilt at all, and a changed one never runs old code.
 */
export function imageTag(root: string, service: ServiceName): string {
  const hash = createHash('sha256');
  for (const file of [...SHARED_INPUTS, ...INPUTS[service]].flatMap((f) => files(root, f))) {
    hash.update(file).update('\0').update(readFileSync(path.join(root, file))).update('\0');
  }
  return `shop-suite/${service}:${hash.digest('hex').slice(0, 12)}`;
}
