import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Settings } from '../../config/settings.js';
import { coverageEnv } from '../coverage.js';
import { Reaper } from '../reaper.js';
import { adminAccount, newSecrets, paymentProviderEnv, serviceDir, shopApiEnv, type Secrets } from '../services.js';
import type { StageClock } from '../stages.js';
import { ownedManifest, type StartedTarget } from '../target.js';
import { NodeService } from './node-service.js';
import { LocalPostgres } from './postgres/server.js';
import { findRedisServer, LocalRedis } from './redis.js';

/** How shop-api runs on a stack: its extra settings, and whether it uses the stack's Redis as its cache. */
export interface ShopApiConfig {
  env: Record<string, string>;
  cache: boolean;
}

export interface LocalStack {
  postgres: LocalPostgres;
  /** A Redis beside the services, where the stack has one (shop-api's cache when its config says so). */
  redis: LocalRedis | undefined;
  shopApi: NodeService;
  paymentProvider: NodeService;
  secrets: Secrets;
  admin: { username: string; password: string };
  /** Where its services log. */
  logsDir: string;
  /**
   * shop-api as the stack's next user wants it: restarted only when that differs from how
   * it runs now (a test may have restarted it with other settings), or when it is down.
   */
  useShopApi: (config: ShopApiConfig) => Promise<void>;
  /** Every service up and answering again, after a test stopped, froze or killed one. */
  restore: () => Promise<void>;
  stop: () => Promise<void>;
}

/**
 * Embedded PostgreSQL (on a Unix socket of its own) plus shop-api and payment-provider
 * as child processes on loopback ports the kernel picks (port 0), so stacks started at
 * once never collide. shop-api starts as soon as the provider reports its port, and
 * waits for its database itself, so its boot overlaps preparing the database. Used by
 * global setup (the local target) and by the private stacks of tests that break services.
 */
export async function startLocalStack(options: {
  name: string;
  logsDir: string;
  logLevel: Settings['SERVICE_LOG_LEVEL'];
  clock?: StageClock;
  /** How shop-api runs at first; by default with no extra settings, and with the cache where there is a Redis. */
  shopApi?: Partial<ShopApiConfig>;
  /** The redis-server to run beside the services; no Redis without. */
  redisServer?: string | undefined;
  /** Where the services write V8 coverage data; none without. */
  coverageDir?: string | undefined;
}): Promise<LocalStack> {
  const { clock, logsDir, logLevel } = options;
  mkdirSync(logsDir, { recursive: true });
  const reaper = new Reaper();
  const secrets = newSecrets();
  const postgres = new LocalPostgres({ logFile: path.join(logsDir, 'postgres.log'), reaper, name: options.name });
  const redis = options.redisServer ? new LocalRedis({ logFile: path.join(logsDir, 'redis.log'), reaper, name: options.name, bin: options.redisServer }) : undefined;
  const serviceEnv = (env: Record<string, string>) => ({ HOST: '127.0.0.1', ...env, ...coverageEnv(options.coverageDir) });
  const service = (name: 'shop-api' | 'payment-provider', env: Record<string, string>) =>
    new NodeService({ name, entry: path.join(serviceDir(name), 'dist/main.js'), logFile: path.join(logsDir, `${name}.log`), reaper, env: serviceEnv(env) });
  const paymentProvider = service('payment-provider', paymentProviderEnv({ logLevel }));
  const shopApiEnvOf = (config: ShopApiConfig, paymentProviderUrl: string) =>
    serviceEnv(shopApiEnv({ databaseUrl: postgres.url, paymentProviderUrl, redisUrl: config.cache ? redis?.url : undefined, secrets, logLevel, extra: config.env }));
  const first: ShopApiConfig = { env: options.shopApi?.env ?? {}, cache: options.shopApi?.cache ?? redis !== undefined };
  let shopApi: NodeService | undefined;

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await Promise.all([shopApi?.stop(), paymentProvider.stop()]);
    await Promise.all([postgres.destroy(), redis?.destroy()]);
    reaper.release();
  };

  const time = <T>(name: string, work: () => Promise<T>, describe?: (r: T) => string) =>
    clock ? clock.stage(name, work, describe) : work();
  try {
    paymentProvider.start();
    // shop-api needs the provider's URL (and its cache up, so that it starts without
    // degrading), and boots while PostgreSQL is being prepared.
    const redisUp = redis?.start();
    redisUp?.catch(() => {}); // awaited below
    const startingShopApi = Promise.all([paymentProvider.listening(), redisUp]).then(([paymentProviderUrl]) => {
      shopApi = service('shop-api', shopApiEnvOf(first, paymentProviderUrl));
      shopApi.start();
      return shopApi;
    });
    startingShopApi.catch(() => {}); // awaited below; a failure meanwhile is not unhandled
    await time('postgres data', () => postgres.init(), (how) =>
      how === 'copied' ? 'fresh directory, a copy of the template cluster' : 'fresh directory, initdb (kept as the template for later runs)');
    await time('postgres start', () => postgres.start(), () => `accepting connections on its socket in ${postgres.socketDir}`);
    await time('database', () => postgres.createDatabase(), () => 'shop-api\'s database created');
    if (redis) await time('redis', () => redisUp!, () => `the cache, ready at ${redis.url}`);
    await time('payment-provider', () => paymentProvider.waitReady(), () => `ready at ${paymentProvider.url}`);
    const api = await startingShopApi;
    await time('shop-api', () => api.waitReady(), () => `ready at ${api.url}`);
    return {
      postgres, redis, shopApi: api, paymentProvider, secrets, admin: adminAccount(secrets), logsDir, stop,
      useShopApi: async (config) => {
        const wanted = shopApiEnvOf(config, paymentProvider.url);
        if (!api.running || !sameEnv(api.env, wanted)) await api.restartWith(wanted);
      },
      restore: async () => {
        if (!postgres.running) await postgres.start();
        redis?.resume();
        if (redis && !redis.running) await redis.start();
        if (!paymentProvider.running) paymentProvider.start();
        await paymentProvider.waitReady();
        if (!api.running) api.start();
        await api.waitReady();
      },
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

const sameEnv = (a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([key, value]) => b[key] === value);

/** The local target: one stack for the whole run. */
export async function startLocal(settings: Settings, runId: string, clock: StageClock, dirs: { logsDir: string; coverageDir: string | undefined }): Promise<StartedTarget> {
  const { logsDir, coverageDir } = dirs;
  // The cache where the machine has a redis-server; without one, the run goes on and the
  // cache tests skip, saying how to get one.
  const redisServer = findRedisServer(settings.REDIS_SERVER_BIN);
  if (redisServer.missing) clock.note(`cache: off, ${redisServer.missing}; the cache tests skip`);
  const stack = await startLocalStack({ name: `shop-suite-${runId}`, logsDir, logLevel: settings.SERVICE_LOG_LEVEL, clock, redisServer: redisServer.path, coverageDir });
  return {
    manifest: ownedManifest({
      runId,
      target: 'local',
      baseUrl: stack.shopApi.url,
      databaseUrl: stack.postgres.url,
      paymentProviderUrl: stack.paymentProvider.url,
      cache: stack.redis ? { on: true, redisUrl: stack.redis.url } : { on: false, why: redisServer.missing! },
      secrets: stack.secrets,
      logsDir,
    }),
    stop: stack.stop,
  };
}
