import { Ajv } from 'ajv';
import type { FromSchema, JSONSchema } from 'json-schema-to-ts';

// Everything shop-api reads from its environment, checked once at start-up (with the
// ajv the routes use anyway). A bad value stops the process with a message naming it.
const schema = {
  type: 'object',
  properties: {
    HOST: { type: 'string', minLength: 1, default: '0.0.0.0' },
    PORT: { type: 'integer', minimum: 0, maximum: 65535, default: 3000 },
    DATABASE_URL: { type: 'string', pattern: '^postgres(ql)?://' },
    DB_POOL_MAX: { type: 'integer', minimum: 1, maximum: 500, default: 20 },
    // Short, so that a database outage turns into a quick 503 rather than a hang.
    DB_CONNECT_TIMEOUT_MS: { type: 'integer', minimum: 100, default: 2000 },
    // Bound on one statement (lock waits included): past it the request is a 503, and its transaction is undone.
    DB_STATEMENT_TIMEOUT_MS: { type: 'integer', minimum: 100, default: 10000 },
    JWT_SECRET: { type: 'string', minLength: 32 },
    TOKEN_TTL_SECONDS: { type: 'integer', minimum: 1, default: 3600 },
    // log2 of scrypt's N for new password hashes; each hash keeps its own, so changing this
    // never locks anyone out. 14 is the strong default; test environments set a cheap one.
    PASSWORD_HASH_COST: { type: 'integer', minimum: 1, maximum: 20, default: 14 },
    LOGIN_MAX_FAILURES: { type: 'integer', minimum: 1, default: 5 },
    LOGIN_WINDOW_SECONDS: { type: 'integer', minimum: 1, default: 900 },
    ADMIN_USERNAME: { type: 'string', minLength: 1 },
    ADMIN_EMAIL: { type: 'string', minLength: 1 },
    ADMIN_PASSWORD: { type: 'string', minLength: 1 },
    // The payment provider; without it orders stay pending (a warning says so at start-up).
    PAYMENT_PROVIDER_URL: { type: 'string', pattern: '^https?://' },
    PAYMENT_ATTEMPT_TIMEOUT_MS: { type: 'integer', minimum: 50, default: 2000 },
    PAYMENT_MAX_ATTEMPTS: { type: 'integer', minimum: 1, maximum: 10, default: 3 },
    PAYMENT_BACKOFF_BASE_MS: { type: 'integer', minimum: 0, default: 100 },
    PAYMENT_BACKOFF_CAP_MS: { type: 'integer', minimum: 0, default: 1000 },
    PAYMENT_POLL_INTERVAL_MS: { type: 'integer', minimum: 10, default: 250 },
    PAYMENT_CONCURRENCY: { type: 'integer', minimum: 1, maximum: 200, default: 16 },
    // How long an instance holds a pending order; after a crash, how long until another
    // instance resumes it. Default: enough for every attempt (attempts x (time-out + backoff cap) + 5 s).
    PAYMENT_LEASE_SECONDS: { type: 'integer', minimum: 1 },
    // The product cache; without it every read goes to PostgreSQL (and nothing else changes).
    REDIS_URL: { type: 'string', pattern: '^(rediss?|unix)://' },
    CACHE_TTL_SECONDS: { type: 'integer', minimum: 1, default: 60 },
    // Bound on one cache call: past it the read goes to PostgreSQL and the cache counts as degraded.
    CACHE_TIMEOUT_MS: { type: 'integer', minimum: 1, default: 100 },
    LOG_LEVEL: { type: 'string', enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], default: 'info' },
  },
  required: ['HOST', 'PORT', 'DATABASE_URL', 'DB_POOL_MAX', 'DB_CONNECT_TIMEOUT_MS', 'DB_STATEMENT_TIMEOUT_MS', 'JWT_SECRET', 'TOKEN_TTL_SECONDS', 'PASSWORD_HASH_COST',
    'LOGIN_MAX_FAILURES', 'LOGIN_WINDOW_SECONDS', 'PAYMENT_ATTEMPT_TIMEOUT_MS', 'PAYMENT_MAX_ATTEMPTS',
    'PAYMENT_BACKOFF_BASE_MS', 'PAYMENT_BACKOFF_CAP_MS', 'PAYMENT_POLL_INTERVAL_MS', 'PAYMENT_CONCURRENCY', 'CACHE_TTL_SECONDS', 'CACHE_TIMEOUT_MS', 'LOG_LEVEL'],
} as const satisfies JSONSchema;

export type Settings = FromSchema<typeof schema>;

export function loadSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const keys = Object.keys(schema.properties);
  const values: Record<string, unknown> = Object.fromEntries(keys.filter((k) => env[k]).map((k) => [k, env[k]]));
  const validate = new Ajv({ coerceTypes: true, useDefaults: true, allErrors: true }).compile<Settings>(schema);
  if (!validate(values)) {
    const lines = (validate.errors ?? []).map((e) => {
      const name = e.instancePath.slice(1) || (e.params as { missingProperty?: string }).missingProperty || '';
      return `  ${name}: ${e.message}`;
    });
    throw new Error(`shop-api: invalid settings\n${lines.join('\n')}`);
  }
  const admin = [values.ADMIN_USERNAME, values.ADMIN_EMAIL, values.ADMIN_PASSWORD];
  if (admin.some(Boolean) && !admin.every(Boolean)) {
    throw new Error('shop-api: invalid settings\n  ADMIN_USERNAME, ADMIN_EMAIL and ADMIN_PASSWORD go together: set all three or none');
  }
  return values;
}
