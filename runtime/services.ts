import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { ROOT } from '../config/paths.js';
import type { Settings } from '../config/settings.js';
import { buildService } from '../services/build.mjs';

// What shop-api and the payment provider need to boot, written once for every target
// that starts them (local processes, containers, private stacks).

export const SERVICES = ['shop-api', 'payment-provider'] as const;
export type ServiceName = (typeof SERVICES)[number];

export const serviceDir = (service: ServiceName): string => path.join(ROOT, 'services', service);

/** The port each listens on inside its container (local processes bind port 0 instead). */
export const CONTAINER_PORTS: Record<ServiceName, number> = { 'shop-api': 3000, 'payment-provider': 4000 };

/** shop-api's database and role. */
export const DATABASE = { name: 'shop', user: 'shop', password: 'shop' } as const;

/** The admin account shop-api seeds at start-up (its password is a secret, below). */
export const ADMIN = { username: 'admin', email: 'admin@shop.test' } as const;

export interface Secrets {
  jwtSecret: string;
  adminPassword: string;
}

/** The seeded admin's credentials. */
export const adminAccount = (secrets: Secrets) => ({ username: ADMIN.username, password: secrets.adminPassword });

export const newSecrets = (): Secrets => ({ jwtSecret: randomBytes(32).toString('base64url'), adminPassword: randomBytes(12).toString('base64url') });

/**
 * Settings of every shop-api the suite starts, chosen for tests: fast to hash, and no
 * time-out or expiry racing a test (a test about one sets a short one on a private stack).
 */
export const FOR_TESTS = {
  // Cheap password hashes, as frameworks have in tests (Django's test hashers, Devise's
  // stretches): scrypt N=2^4 instead of 2^14. Each hash keeps its parameters; a deployment
  // keeps its own (strong by default).
  PASSWORD_HASH_COST: '4',
  PAYMENT_ATTEMPT_TIMEOUT_MS: '60000',
  // A cached copy outlives every test (expiry is tested on a stack with a short TTL), and
  // a busy machine is not taken for a cache outage (a stopped Redis fails at once anyway).
  CACHE_TTL_SECONDS: '3600',
  CACHE_TIMEOUT_MS: '2000',
  // pg's pool applies its connect time-out to waiting for a free connection too: on a busy
  // runner 2 s was taken for an outage (a 503 in a login). A stopped database is refused at
  // once, so outage tests still see a quick 503.
  DB_CONNECT_TIMEOUT_MS: '30000',
};

/** shop-api's environment. */
export function shopApiEnv(options: {
  databaseUrl: string;
  paymentProviderUrl: string;
  /** shop-api's product cache; none without. */
  redisUrl?: string | undefined;
  secrets: Secrets;
  logLevel: Settings['SERVICE_LOG_LEVEL'];
  /** Extra settings (e.g. a short PAYMENT_LEASE_SECONDS for a crash test). */
  extra?: Record<string, string>;
}): Record<string, string> {
  return {
    DATABASE_URL: options.databaseUrl,
    PAYMENT_PROVIDER_URL: options.paymentProviderUrl,
    ...(options.redisUrl ? { REDIS_URL: options.redisUrl } : {}),
    JWT_SECRET: options.secrets.jwtSecret,
    ADMIN_USERNAME: ADMIN.username,
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: options.secrets.adminPassword,
    LOG_LEVEL: options.logLevel,
    ...FOR_TESTS,
    ...options.extra,
  };
}

/** The payment provider's environment. */
export const paymentProviderEnv = (options: { logLevel: Settings['SERVICE_LOG_LEVEL'] }): Record<string, string> => ({ LOG_LEVEL: options.logLevel });

/** Transpiles both services (skipped when unchanged); global setup does it once per run, before anything starts. */
export async function buildServices(): Promise<void> {
  await Promise.all(SERVICES.map((service) => buildService(serviceDir(service))));
}
