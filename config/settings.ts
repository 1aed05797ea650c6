import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import dotenv from 'dotenv';
import { z } from 'zod';

// The suite's settings: .env (if present) under the process environment, checked by
// one zod schema. A bad value stops the run with a message that names the setting,
// shows the value, says where it came from and what is expected.

const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

export const settingsSchema = z.object({
  TARGET: z
    .enum(['auto', 'local'], { error: 'expected one of: auto, local' })
    .default('auto')
    .describe('Where the system under test comes from'),
  WORKERS: z
    .string()
    .regex(/^(\d+|\d+%)$/, 'expected a number of workers (4) or a share of the cores (50%)')
    .optional(),
  FAKER_SEED: z.coerce
    .number({ error: 'expected an integer' })
    .int('expected an integer')
    .nonnegative('expected an integer >= 0')
    .optional(),
  RUN_ID: z
    .string()
    .regex(/^[a-z0-9]{4,12}$/, 'expected 4 to 12 lowercase letters or digits')
    .optional(),
  SERVICE_LOG_LEVEL: logLevel.default('info'),
});

export type Settings = z.infer<typeof settingsSchema>;
export const KNOWN_SETTINGS = Object.keys(settingsSchema.shape);

export class SettingsError extends Error {
  override name = 'SettingsError';
}

/** Where each raw value came from, so that errors can say which file to fix. */
export interface RawSettings {
  values: Record<string, string | undefined>;
  source: (key: string) => string;
  warnings: string[];
}

export function readRawSettings(root = process.cwd(), env: NodeJS.ProcessEnv = process.env): RawSettings {
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
    return `  ${key}=${JSON.stringify(raw.values[key])} (from ${raw.source(key)}): ${issue.message}`;
  });
  throw new SettingsError(
    `Invalid settings:\n${lines.join('\n')}\nFix them in .env or the environment; .env.example documents every setting.`,
  );
}

export function loadSettings(root?: string): Settings {
  const raw = readRawSettings(root);
  for (const warning of raw.warnings) process.stderr.write(`[suite] warning: ${warning}\n`);
  return parseSettings(raw);
}
