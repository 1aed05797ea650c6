import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import dotenv from 'dotenv';
import { z } from 'zod';
import { ROOT } from './paths.js';
import { TARGETS } from './targets.js';

// The suite's settings: .env (if present) under the process environment, checked by
// one zod schema. A bad value stops the run with a message that names the setting,
// shows the value, says where it came from and what is expected.

const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http(s):// URL' });
const flag = z.stringbool({ error: 'expected true or false' });

export const settingsSchema = z
  .object({
    TARGET: z.enum(['auto', ...TARGETS], { error: `expected one of: ${['auto', ...TARGETS].join(', ')}` }).default('auto'),

    // The remote target (a deployed shop-api, e.g. staging).
    BASE_URL: httpUrl.optional(),
    DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'expected a postgres:// URL').optional(),
    PAYMENT_PROVIDER_URL: httpUrl.optional(),
    /** Direct read access to staging's cache (its Redis), for checks on what it holds. */
    REDIS_URL: z.string().regex(/^(rediss?|unix):\/\//, 'expected a redis://, rediss:// or unix:// URL').optional(),
    ADMIN_USERNAME: z.string().min(1).optional(),
    ADMIN_PASSWORD: z.string().min(1).optional(),
    ALLOW_DESTRUCTIVE: flag.default(false),
    PRODUCTION_DENYLIST: z
      .string()
      .regex(/^[\w.*:-]*(,\s*[\w.*:-]+)*$/, 'expected comma-separated host names, * as a wildcard (api.shop.com,*.prod.shop.com)')
      .default(''),

    // The containers target.
    CONTAINERS_REUSE: flag.default(false),

    // The local target: the redis-server to run (else the first on PATH).
    REDIS_SERVER_BIN: z.string().min(1).optional(),

    // One worker per core by default: the suite is CPU-bound (the services it calls share
    // the cores), so more workers only add start-ups and contention (docs/speed.md).
    WORKERS: z
      .string()
      .regex(/^([1-9]\d*|([1-9]\d?|100)%)$/, 'expected a number of workers of 1 or more (4), or a share of the cores from 1% to 100% (50%)')
      .default('100%')
      .transform((value): number | `${number}%` => (value.endsWith('%') ? (value as `${number}%`) : Number(value))),
    FAKER_SEED: z.coerce
      .number({ error: 'expected an integer' })
      .int('expected an integer')
      .nonnegative('expected an integer >= 0')
      .optional(),
    RUN_ID: z
      .string()
      .regex(/^[a-z0-9]{4,12}$/, 'expected 4 to 12 lowercase letters or digits')
      .optional(),
    // Generated journeys (tests/model): the budget, and fast-check's seed and path to replay a failure.
    MODEL_RUNS: z.coerce.number({ error: 'expected a number of sequences' }).int('expected a whole number').min(1, 'expected at least 1').default(6),
    MODEL_STEPS: z.coerce.number({ error: 'expected a number of commands' }).int('expected a whole number').min(1, 'expected at least 1').default(80),
    MODEL_SEED: z.coerce.number({ error: 'expected an integer' }).int('expected an integer').optional(),
    MODEL_PATH: z.string().regex(/^\d+(:\d+)*$/, 'expected a fast-check path such as 3:0:1 (printed with a failure)').optional(),
    MODEL_REPLAY_PATH: z.string().regex(/^[A-Za-z0-9+/]*:[A-Za-z0-9+/]*$/, "expected fast-check's replayPath of the commands (printed with a failure)").optional(),
    REPORTS_DIR: z.string().min(1).default('reports'),
    // The services the suite starts run under V8 coverage; teardown writes <REPORTS_DIR>/coverage/.
    SERVICE_COVERAGE: flag.default(true),
    SERVICE_LOG_LEVEL: logLevel.default('info'),
  })
  .superRefine((s, ctx) => {
    if (s.TARGET === 'remote' && !s.BASE_URL) {
      ctx.addIssue({ code: 'custom', path: ['BASE_URL'], message: 'TARGET=remote needs BASE_URL, the URL of the deployed shop-api' });
    }
    if (Boolean(s.ADMIN_USERNAME) !== Boolean(s.ADMIN_PASSWORD)) {
      ctx.addIssue({ code: 'custom', path: [s.ADMIN_USERNAME ? 'ADMIN_PASSWORD' : 'ADMIN_USERNAME'], message: 'ADMIN_USERNAME and ADMIN_PASSWORD go together' });
    }
  });

export type Settings = z.infer<typeof settingsSchema>;
export const KNOWN_SETTINGS = Object.keys(settingsSchema.shape);

/** Settings that only the remote target reads (and a local or containers run ignores). */
export const REMOTE_ONLY = ['BASE_URL', 'DATABASE_URL', 'PAYMENT_PROVIDER_URL', 'REDIS_URL', 'ADMIN_USERNAME', 'ADMIN_PASSWORD'] as const;

export class SettingsError extends Error {
  override name = 'SettingsError';
}

/** Where each raw value came from, so that errors can say which file to fix. */
export interface RawSettings {
  values: Record<string, string | undefined>;
  source: (key: string) => string;
  warnings: string[];
}

/** .env in the project root (not the working directory) under the process environment. */
export function readRawSettings(root = ROOT, env: NodeJS.ProcessEnv = process.env): RawSettings {
  const envFile = path.join(root, '.env');
  const fromFile = existsSync(envFile) ? dotenv.parse(readFileSync(envFile)) : {};
  const values: Record<string, string | undefined> = {};
  for (const key of KNOWN_SETTINGS) {
    const value = env[key] !== undefined && env[key] !== '' ? env[key] : fromFile[key];
    if (value !== undefined && value !== '') values[key] = value.trim();
  }
  const unknown = Object.keys(fromFile).filter((k) => !KNOWN_SETTINGS.includes(k));
  const warnings = unknown.map((k) => `.env sets ${k}, which is not a setting of this suite (see .env.example); it is ignored`);
  return {
    values,
    warnings,
    source: (key) => (env[key] !== undefined && env[key] !== '' ? 'the environment' : '.env'),
  };
}

export function parseSettings(raw: RawSettings): Settings {
  const parsed = settingsSchema.safeParse(raw.values);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => {
    const key = String(issue.path[0] ?? '');
    const value = raw.values[key];
    return value === undefined
      ? `  ${key} (not set): ${issue.message}`
      : `  ${key}=${JSON.stringify(value)} (from ${raw.source(key)}): ${issue.message}`;
  });
  throw new SettingsError(
    `Invalid settings:\n${lines.join('\n')}\nFix them in .env or the environment; .env.example documents every setting.`,
  );
}

export function loadSettings(): Settings {
  const raw = readRawSettings();
  for (const warning of raw.warnings) process.stderr.write(`[suite] warning: ${warning}\n`);
  return parseSettings(raw);
}
