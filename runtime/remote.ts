import { describeCapabilities } from '../config/capabilities.js';
import { deniedBy } from '../config/denylist.js';
import type { Manifest } from '../config/manifest.js';
import type { Settings } from '../config/settings.js';
import { TargetError } from './select.js';
import type { StageClock } from './stages.js';
import type { StartedTarget } from './target.js';
import { reachShopApi } from './reach.js';

/** Why a deployment counts as having no cache. */
export const NO_CACHE_REPORTED = 'its /ready reports no cache';

/**
 * The remote target: a deployed shop-api (staging). Nothing is started or stopped;
 * the manifest says what the deployment lets the suite do, and tests that need more
 * are skipped with the reason.
 */
export async function startRemote(settings: Settings, runId: string, clock: StageClock): Promise<StartedTarget> {
  const baseUrl = settings.BASE_URL!;
  const urls = { BASE_URL: baseUrl, DATABASE_URL: settings.DATABASE_URL, PAYMENT_PROVIDER_URL: settings.PAYMENT_PROVIDER_URL };
  for (const [name, url] of Object.entries(urls)) {
    const entry = url ? deniedBy(url, settings.PRODUCTION_DENYLIST) : undefined;
    if (entry) {
      throw new TargetError(
        `Refusing to run: ${name} points at ${new URL(url!).host}, which matches "${entry}" in PRODUCTION_DENYLIST. ` +
          'The suite creates and deletes data; point it at a staging deployment.',
      );
    }
  }
  const { ready } = await clock.stage('remote shop-api', async () => {
    try {
      return await reachShopApi(baseUrl);
    } catch (err) {
      throw new TargetError(`BASE_URL=${baseUrl} cannot be used: ${(err as Error).message}.`);
    }
  }, () => `${baseUrl}/ready answers 200, and it is shop-api`);
  // shop-api reports its cache in /ready's body when it has one.
  const cacheOn = typeof ready === 'object' && ready !== null && 'cache' in ready;
  const manifest: Manifest = {
    runId,
    target: 'remote',
    owned: false,
    allowDestructive: settings.ALLOW_DESTRUCTIVE,
    baseUrl,
    cache: cacheOn ? { on: true, ...(settings.REDIS_URL ? { redisUrl: settings.REDIS_URL } : {}) } : { on: false, why: NO_CACHE_REPORTED },
    ...(settings.DATABASE_URL ? { databaseUrl: settings.DATABASE_URL } : {}),
    ...(settings.PAYMENT_PROVIDER_URL ? { paymentProviderUrl: settings.PAYMENT_PROVIDER_URL } : {}),
    ...(settings.ADMIN_USERNAME && settings.ADMIN_PASSWORD ? { admin: { username: settings.ADMIN_USERNAME, password: settings.ADMIN_PASSWORD } } : {}),
  };
  clock.note(`remote capabilities: ${describeCapabilities(manifest, ['admin', 'database', 'paymentRecords', 'destructive', 'cache', 'cacheReads'])}`);

  return {
    manifest,
    stop: async () => {},
  };
}
