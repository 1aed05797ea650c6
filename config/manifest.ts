import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { RUN_ID } from './run-marks.js';
import { TARGETS } from './targets.js';

// The environment manifest: what global setup started (or was pointed at), handed to
// workers through process.env. Tests never ask which target they run on; fixtures read
// this and skip what a target cannot offer.

export const manifestSchema = z.object({
  runId: z.string().regex(RUN_ID.pattern),
  target: z.enum(TARGETS),
  /** True when the suite started the services itself and may stop or restart them. */
  owned: z.boolean(),
  /** Tests that change shared data for good (e.g. add products, which cannot be deleted) may run. */
  allowDestructive: z.boolean(),
  baseUrl: z.url({ protocol: /^https?$/ }),
  databaseUrl: z.string().regex(/^postgres(ql)?:\/\//).optional(),
  /** The fake payment provider's own API (its records of charges), where the suite can reach it. */
  paymentProviderUrl: z.url({ protocol: /^https?$/ }).optional(),
  admin: z.object({ username: z.string().min(1), password: z.string().min(1) }).optional(),
  /**
   * Whether shop-api runs its product cache (and if not, why), and where the suite may
   * read the cache directly (its Redis).
   */
  cache: z.discriminatedUnion('on', [
    z.object({ on: z.literal(true), redisUrl: z.string().regex(/^(rediss?|unix):\/\//).optional() }),
    z.object({ on: z.literal(false), why: z.string().min(1) }),
  ]),
  /** The key shop-api signs its tokens with, where the suite started shop-api itself. */
  jwtSecret: z.string().min(32).optional(),
  /** No file, tag, project or shard filter: the run selects the whole suite (see selection.ts). */
  wholeRun: z.boolean().optional(),
  /** Where service logs are written, for a test that wants to point at them. */
  logsDir: z.string().optional(),
});

export type Manifest = z.infer<typeof manifestSchema>;

const ENV_KEY = 'SHOP_SUITE_MANIFEST';

export class ManifestError extends Error {
  override name = 'ManifestError';
}

export function parseManifest(value: unknown): Manifest {
  const parsed = manifestSchema.safeParse(value);
  if (!parsed.success) throw new ManifestError(`The environment manifest is invalid:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** Hands the manifest to workers (process.env) and to people (a copy without secrets). */
export function publishManifest(manifest: Manifest, reportsDir: string): void {
  const checked = parseManifest(manifest);
  process.env[ENV_KEY] = JSON.stringify(checked);
  const file = path.join(reportsDir, 'manifest.json');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(redacted(checked), null, 2)}\n`);
}

export function readManifest(env: NodeJS.ProcessEnv = process.env): Manifest {
  const raw = env[ENV_KEY];
  if (!raw) {
    throw new ManifestError(
      `${ENV_KEY} is not set: global setup did not run. Run the suite with "npx playwright test" (not a single file through another runner).`,
    );
  }
  return parseManifest(JSON.parse(raw));
}

export function redacted(manifest: Manifest): Manifest {
  return {
    ...manifest,
    ...(manifest.databaseUrl ? { databaseUrl: manifest.databaseUrl.replace(/:\/\/([^:@/]+):[^@/]*@/, '://$1:***@') } : {}),
    ...(manifest.admin ? { admin: { username: manifest.admin.username, password: '***' } } : {}),
    ...(manifest.jwtSecret ? { jwtSecret: '***' } : {}),
    ...(manifest.cache.on && manifest.cache.redisUrl ? { cache: { on: true, redisUrl: manifest.cache.redisUrl.replace(/:\/\/([^:@/]*):[^@/]*@/, '://$1:***@') } } : {}),
  };
}
