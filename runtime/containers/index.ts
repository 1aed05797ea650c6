import { createWriteStream } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { getContainerRuntimeClient, Network, type GenericContainer } from 'testcontainers';
import type { Settings } from '../../config/settings.js';
import { CONTAINER_PORTS, DATABASE, newSecrets, paymentProviderEnv, shopApiEnv, type ServiceName } from '../services.js';
import { coverageInContainer } from '../coverage.js';
import type { StageClock } from '../stages.js';
import { ownedManifest, type StartedTarget } from '../target.js';
import { CacheContainer, REDIS_IMAGE } from './cache.js';
import { ensureImage, ensurePostgresImage } from './images.js';
import { ShopPostgresContainer } from './postgres.js';
import { ensureReuseNetwork, REMOVE_HINT, removeStale, REUSE_LABEL, REUSE_NETWORK, reuseSecrets } from './reuse.js';
import { ServiceContainer } from './service.js';

/**
 * The containers target: shop-api's PostgreSQL and cache, shop-api and the payment
 * provider built from services/Dockerfile, all on one Network, each waited on until it
 * answers, their logs streamed to the logs directory. Each container is a class of its
 * own (postgres.ts, cache.ts, service.ts) in the style of the Testcontainers modules; this
 * puts them on the network and starts them in order. Teardown stops them and the network;
 * Ryuk removes them should this process die first. With CONTAINERS_REUSE=true everything
 * is left running and picked up by the next run.
 */
export async function startContainers(
  settings: Settings,
  runId: string,
  clock: StageClock,
  paths: { root: string; logsDir: string; coverageDir: string | undefined },
): Promise<StartedTarget> {
  // Ryuk, the reaper, removes what a run leaves once the run's connection to it closes;
  // 2 s after that (not 10) it is gone itself, unless the user chose otherwise.
  process.env.TESTCONTAINERS_RYUK_RECONNECTION_TIMEOUT ??= '2s';
  const client = await getContainerRuntimeClient();
  const reuse = settings.CONTAINERS_REUSE;
  const secrets = reuse ? reuseSecrets(paths.root) : newSecrets();
  const labels: Record<string, string> = reuse ? { [REUSE_LABEL]: 'true' } : { 'shop-suite.run': runId };

  const stoppers: (() => Promise<unknown>)[] = [];
  const stop = async () => {
    while (stoppers.length > 0) await stoppers.pop()!().catch(() => {});
  };
  const started = <T extends { stop(options?: { timeout?: number }): Promise<unknown> }>(thing: T, stopOptions: { timeout?: number } = {}): T => {
    if (!reuse) stoppers.push(() => thing.stop(stopOptions));
    return thing;
  };
  const logTo = (name: string) => (stream: Readable) => {
    stream.pipe(createWriteStream(path.join(paths.logsDir, `${name}.log`), { flags: 'a' }));
  };

  try {
    const network = reuse ? undefined : started(await clock.stage('network', () => new Network().start(), (n) => n.getName()));
    if (reuse) await ensureReuseNetwork(client);
    /** On the run's network under its alias, labelled, logging to its file (and kept, with CONTAINERS_REUSE). */
    const placed = <C extends GenericContainer>(container: C, alias: string): C => {
      const attached = network ? container.withNetwork(network) : container.withNetworkMode(REUSE_NETWORK);
      const labelled = attached.withNetworkAliases(alias).withLabels({ ...labels, 'shop-suite.service': alias }).withLogConsumer(logTo(alias));
      return reuse ? labelled.withReuse() : labelled;
    };

    // The images one after the other (the second reuses the first's layers), while
    // PostgreSQL starts; each service starts as soon as its image is there, and shop-api
    // waits for its database by itself.
    const images = clock.stage('images', async () => {
      const shopApi = await ensureImage(client, paths.root, 'shop-api');
      const provider = await ensureImage(client, paths.root, 'payment-provider');
      return { 'shop-api': shopApi, 'payment-provider': provider };
    }, (i) => Object.values(i).map((image) => `${image.tag}${image.built ? ' (built)' : ''}`).join(', '));

    const postgresImage = clock.stage('postgres image', () => ensurePostgresImage(client, paths.root), (i) => `${i.tag}${i.built ? ' (built)' : ''}`);
    const startPostgres = postgresImage.then((image) => clock.stage('postgres container', async () =>
      started(await placed(new ShopPostgresContainer(image.tag), 'postgres').start()),
    (pg) => `${image.tag} at ${pg.getHost()}:${pg.getPort()}`));

    const startRedis = clock.stage('redis container', async () => started(await placed(new CacheContainer(), 'redis').start()),
      (redis) => `${REDIS_IMAGE} at ${redis.getHost()}:${redis.getPort()}`);

    // Reused containers outlive the run (they never exit in it), so they run without coverage.
    if (reuse && paths.coverageDir) clock.note('CONTAINERS_REUSE=true: the containers run without coverage (they do not stop at the end of the run); private stacks still have it');
    const coverage = coverageInContainer(reuse ? undefined : paths.coverageDir);

    const startService = async (service: ServiceName, environment: Record<string, string>) => {
      const image = (await images)[service];
      if (reuse) await removeStale(client, service, image.tag);
      return clock.stage(`${service} container`, async () =>
        started(await coverage.apply(placed(new ServiceContainer(image.tag, service), service)).withEnvironment({ ...environment, ...coverage.env }).start(), coverage.stopOptions),
      (c) => `ready at ${c.url}`);
    };

    const logLevel = settings.SERVICE_LOG_LEVEL;
    const [postgres, redis, provider, shopApi] = await settleAll([
      startPostgres,
      startRedis,
      startService('payment-provider', paymentProviderEnv({ logLevel })),
      // After Redis, so that shop-api starts with its cache up rather than degraded.
      startRedis.then(() => startService('shop-api', shopApiEnv({
        databaseUrl: `postgres://${DATABASE.user}:${DATABASE.password}@postgres:5432/${DATABASE.name}`,
        paymentProviderUrl: `http://payment-provider:${CONTAINER_PORTS['payment-provider']}`,
        redisUrl: 'redis://redis:6379',
        secrets,
        logLevel,
      }))),
    ] as const);

    if (reuse) clock.note(`CONTAINERS_REUSE=true: containers stay up for the next run; remove them with: ${REMOVE_HINT}`);
    return {
      manifest: ownedManifest({
        runId,
        target: 'containers',
        baseUrl: shopApi.url,
        databaseUrl: postgres.getConnectionUri(),
        paymentProviderUrl: provider.url,
        cache: { on: true, redisUrl: redis.getConnectionUrl() },
        secrets,
        logsDir: paths.logsDir,
      }),
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Like Promise.all, but waits for every promise to settle before failing, so that nothing is left starting. */
async function settleAll<T extends readonly unknown[]>(promises: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const results = await Promise.allSettled(promises);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
