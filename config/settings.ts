import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import dotenv from 'dotenv';
import { z } from 'zod';
import { ROOT } from './paths.js';
import { RUN_ID } from './run-marks.js';
import { TARGETS } from './targets.js';

// The suite's settings: .env (if present) under the process environment, checked by
// one zod schema. A bad value stops the run with a message that names the setting,
// shows the value, says where it came from and what is expected. Each setting is
// parsed and normalised here, defaults included, and documented here: docs/settings.md
// and .env.example are written from this (npm run settings-docs).

const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { error: 'expected one of: fatal, error, warn, info, debug, trace, silent' });

/** An http(s) URL, without a trailing slash (every path is joined to it). */
const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http(s):// URL' }).transform((url) => url.replace(/\/+$/, ''));
const flag = z.stringbool({ error: 'expected true or false' });

export type SettingGroup = 'target' | 'remote' | 'containers' | 'local' | 'every target' | 'generated journeys' | 'reports';

export interface SettingDoc {
  group: SettingGroup;
  /** What it does, in a sentence or two. */
  doc: string;
  /** A value to show in .env.example where there is no default. */
  example?: string;
}

const setting = <T extends z.ZodType>(schema: T, doc: SettingDoc) => ({ schema, ...doc });

/** Every setting: its schema (the default is the schema's), and what the docs say of it. */
export const SETTINGS = {
  TARGET: setting(z.enum(['auto', ...TARGETS], { error: `expected one of: ${['auto', ...TARGETS].join(', ')}` }).default('auto'), {
    group: 'target',
    doc: 'Where shop-api comes from: `local` (child processes, embedded PostgreSQL), `containers` (Testcontainers), `remote` (a deployed shop-api at BASE_URL), or `auto`: remote when BASE_URL is set, else containers when a Docker engine answers, else local (docs/targets.md).',
  }),
  BASE_URL: setting(httpUrl.optional(), { group: 'remote', doc: 'The deployed shop-api (staging). Setting it makes TARGET=auto pick remote.', example: 'https://staging.shop.example.com' }),
  ADMIN_USERNAME: setting(z.string().min(1).optional(), { group: 'remote', doc: "An admin of that deployment; with ADMIN_PASSWORD. Without them, tests that act as an admin skip.", example: 'admin' }),
  ADMIN_PASSWORD: setting(z.string().min(1).optional(), { group: 'remote', doc: "That admin's password.", example: '' }),
  DATABASE_URL: setting(z.string().regex(/^postgres(ql)?:\/\//, 'expected a postgres:// URL').optional(), {
    group: 'remote',
    doc: "Direct (read-mostly) access to the deployment's database, for the checks in it; they skip without it.",
    example: 'postgres://user:password@staging-db.example.com:5432/shop',
  }),
  PAYMENT_PROVIDER_URL: setting(httpUrl.optional(), { group: 'remote', doc: "The payment provider's records API, for checks on charges; they skip without it.", example: 'https://provider.staging.example.com' }),
  REDIS_URL: setting(z.string().regex(/^(rediss?|unix):\/\//, 'expected a redis://, rediss:// or unix:// URL').optional(), {
    group: 'remote',
    doc: "Direct read access to the deployment's cache (its Redis), for checks of what it holds; they skip without it. Whether it has a cache at all is read from its /ready.",
    example: 'redis://staging-cache.example.com:6379',
  }),
  ALLOW_DESTRUCTIVE: setting(flag.default(false), { group: 'remote', doc: 'Let tests change shared data for good (add products, which the API can only archive). Unset, they skip saying why.' }),
  PRODUCTION_DENYLIST: setting(
    z.string().regex(/^[\w.*:-]*(,\s*[\w.*:-]+)*$/, 'expected comma-separated host names, * as a wildcard (api.shop.com,*.prod.shop.com)').default(''),
    { group: 'remote', doc: 'Hosts the suite must never run against: comma-separated, * a wildcard, an entry with :port matches that port only. A URL above that matches one stops the run at once.', example: 'shop.example.com,*.prod.shop.example.com' },
  ),
  CONTAINERS_REUSE: setting(flag.default(false), {
    group: 'containers',
    doc: 'Leave the containers running after the run and pick them up next time (fast loops); global setup prints how to remove them.',
  }),
  REDIS_SERVER_BIN: setting(z.string().min(1).optional(), {
    group: 'local',
    doc: "The redis-server for shop-api's cache (no npm package ships one); unset, the first on PATH. Without any, the run goes on without a cache and the cache tests skip, saying how to get one.",
    example: '/usr/bin/redis-server',
  }),
  WORKERS: setting(
    z.string()
      .regex(/^([1-9]\d*|([1-9]\d?|100)%)$/, 'expected a number of workers of 1 or more (4), or a share of the cores from 1% to 100% (50%)')
      .default('100%')
      .transform((value): number | `${number}%` => (value.endsWith('%') ? (value as `${number}%`) : Number(value))),
    { group: 'every target', doc: 'Playwright workers: a number, or a share of the cores. One per core by default: the suite is CPU-bound (the services it calls share the cores), so more only add start-ups and contention (docs/speed.md).' },
  ),
  FAKER_SEED: setting(z.coerce.number({ error: 'expected an integer' }).int('expected an integer').nonnegative('expected an integer >= 0').optional(), {
    group: 'every target',
    doc: 'Seed of the generated test data (faker, and the generated invalid inputs). Unset, each test draws its own, shows it in the report and prints it when it fails: `FAKER_SEED=<seed> npx playwright test -g "<title>"` replays it.',
    example: '123',
  }),
  RUN_ID: setting(z.string().regex(RUN_ID.pattern, RUN_ID.rule).optional(), {
    group: 'every target',
    doc: 'Id of the run, part of every name the suite creates. Unset, one that says when the run started (config/run-marks.ts); if you set it, make it unique per run.',
    example: 'ci4711',
  }),
  MODEL_RUNS: setting(z.coerce.number({ error: 'expected a number of sequences' }).int('expected a whole number').min(1, 'expected at least 1').default(6), {
    group: 'generated journeys',
    doc: 'Sequences each generated-journey test runs; raise it for a deeper search (`MODEL_RUNS=120 npx playwright test --grep @model`).',
  }),
  MODEL_STEPS: setting(z.coerce.number({ error: 'expected a number of commands' }).int('expected a whole number').min(1, 'expected at least 1').default(80), {
    group: 'generated journeys',
    doc: 'At most this many commands drawn per sequence (those that do not apply in the state reached are skipped).',
  }),
  MODEL_SEED: setting(z.coerce.number({ error: 'expected an integer' }).int('expected an integer').optional(), {
    group: 'generated journeys',
    doc: "fast-check's seed; unset, the test's faker seed. A failure prints it with MODEL_PATH and MODEL_REPLAY_PATH, which replay just the shrunk case.",
    example: '123',
  }),
  MODEL_PATH: setting(z.string().regex(/^\d+(:\d+)*$/, 'expected a fast-check path such as 3:0:1 (printed with a failure)').optional(), {
    group: 'generated journeys',
    doc: "fast-check's path of a failure to replay (printed with it).",
    example: '4:0:2',
  }),
  MODEL_REPLAY_PATH: setting(z.string().regex(/^[A-Za-z0-9+/]*:[A-Za-z0-9+/]*$/, "expected fast-check's replayPath of the commands (printed with a failure)").optional(), {
    group: 'generated journeys',
    doc: "fast-check's replayPath of the commands of a failure (printed with it).",
    example: 'CAB:F',
  }),
  REPORTS_DIR: setting(z.string().min(1).default('reports'), { group: 'reports', doc: 'Where reports, traces, logs and the manifest go, relative to the project root unless absolute (docs/report.md).' }),
  SERVICE_COVERAGE: setting(flag.default(true), {
    group: 'reports',
    doc: 'Run the services the suite starts under V8 coverage and write <REPORTS_DIR>/coverage/ at teardown (docs/coverage-and-mutation.md); false turns it off (the mutation runs do).',
  }),
  SERVICE_LOG_LEVEL: setting(logLevel.default('info'), { group: 'reports', doc: 'Log level of the services the suite starts; their logs go to <REPORTS_DIR>/logs/.' }),
};

export const settingsSchema = z
  .object(Object.fromEntries(Object.entries(SETTINGS).map(([key, s]) => [key, s.schema])) as { [K in keyof typeof SETTINGS]: (typeof SETTINGS)[K]['schema'] })
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
