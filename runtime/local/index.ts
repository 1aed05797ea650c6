import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Settings } from '../../config/settings.js';
import { Reaper } from '../reaper.js';
import type { StageClock } from '../stages.js';
import type { StartedTarget } from '../target.js';
import { buildService } from '../../services/build.mjs';
import { NodeService } from './node-service.js';
import { LocalPostgres } from './postgres.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SHOP_API_DIR = path.join(ROOT, 'services/shop-api');
export const PAYMENT_PROVIDER_DIR = path.join(ROOT, 'services/payment-provider');

/** Transpiles both services; global setup does it once per run, before anything starts. */
export async function buildServices(): Promise<void> {
  await Promise.all([buildService(SHOP_API_DIR), buildService(PAYMENT_PROVIDER_DIR)]);
}

export interface LocalStack {
  postgres: LocalPostgres;
  shopApi: NodeService;
  paymentProvider: NodeService;
  admin: { username: string; password: string };
  stop: () => Promise<void>;
}

/**
 * Embedded PostgreSQL (on a Unix socket of its own) plus shop-api and payment-provider
 * as child processes on loopback ports the kernel picks (port 0), so stacks started at
 * once never collide. shop-api starts as soon as the provider reports its port, and
 * waits for its database itself, so its boot overlaps preparing the database. Used by
 * global setup (the local target) and by tests that need a stack of their own to break.
 */
export async function startLocalStack(options: {
  name: string;
  logsDir: string;
  logLevel: Settings['SERVICE_LOG_LEVEL'];
  clock?: StageClock;
  /** Extra settings for shop-api (e.g. a short PAYMENT_LEASE_SECONDS for a crash test). */
  shopApiEnv?: Record<string, string>;
}): Promise<LocalStack> {
  const { clock, logsDir } = options;
  mkdirSync(logsDir, { recursive: true });
  const reaper = new Reaper();
  const postgres = new LocalPostgres({ logFile: path.join(logsDir, 'postgres.log'), reaper, name: options.name });
  const admin = { username: 'admin', password: randomBytes(12).toString('base64url') };
  const paymentProvider = new NodeService({
    name: 'payment-provider',
    entry: path.join(PAYMENT_PROVIDER_DIR, 'dist/main.js'),
    logFile: path.join(logsDir, 'payment-provider.log'),
    reaper,
    env: { HOST: '127.0.0.1', LOG_LEVEL: options.logLevel },
  });
  const makeShopApi = (providerUrl: string) => new NodeService({
    name: 'shop-api',
    entry: path.join(SHOP_API_DIR, 'dist/main.js'),
    logFile: path.join(logsDir, 'shop-api.log'),
    reaper,
    env: {
      HOST: '127.0.0.1',
      DATABASE_URL: postgres.url,
      JWT_SECRET: randomBytes(32).toString('base64url'),
      ADMIN_USERNAME: admin.username,
      ADMIN_EMAIL: 'admin@shop.test',
      ADMIN_PASSWORD: admin.password,
      LOG_LEVEL: options.logLevel,
      PAYMENT_PROVIDER_URL: providerUrl,
      ...options.shopApiEnv,
    },
  });

  let shopApi: NodeService | undefined;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await Promise.all([shopApi?.stop(), paymentProvider.stop()]);
    await postgres.destroy();
    reaper.release();
  };

  const time = <T>(name: string, work: () => Promise<T>, describe?: (r: T) => string) =>
    clock ? clock.stage(name, work, describe) : work();
  try {
    paymentProvider.start();
    // shop-api needs the provider's URL, and boots while PostgreSQL is being prepared.
    const startingShopApi = paymentProvider.listening().then((url) => {
      shopApi = makeShopApi(url);
      shopApi.start();
      return shopApi;
    });
    startingShopApi.catch(() => {}); // awaited below; a failure meanwhile is not unhandled
    await time('postgres data', () => postgres.init(), (how) =>
      how === 'copied' ? 'fresh directory, a copy of the template cluster' : 'fresh directory, initdb (kept as the template for later runs)');
    await time('postgres start', () => postgres.start(), () => `accepting connections on its socket in ${postgres.socketDir}`);
    await time('database', () => postgres.createDatabase(), () => `"${postgres.database}" created`);
    await time('payment-provider', () => paymentProvider.waitReady(), () => `ready at ${paymentProvider.url}`);
    const api = await startingShopApi;
    await time('shop-api', () => api.waitReady(), () => `ready at ${api.url}`);
    return { postgres, shopApi: api, paymentProvider, admin, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** The local target: one stack for the whole run. */
export async function startLocal(settings: Settings, runId: string, clock: StageClock, logsDir: string): Promise<StartedTarget> {
  const stack = await startLocalStack({ name: `shop-suite-${runId}`, logsDir, logLevel: settings.SERVICE_LOG_LEVEL, clock });
  return {
    manifest: {
      runId,
      target: 'local',
      owned: true,
      allowDestructive: true,
      baseUrl: stack.shopApi.url,
      databaseUrl: stack.postgres.url,
      paymentProviderUrl: stack.paymentProvider.url,
      admin: stack.admin,
      logsDir,
    },
    stop: stack.stop,
  };
}
