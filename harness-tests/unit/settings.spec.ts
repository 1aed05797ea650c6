import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '../fixtures.js';
import { parseSettings, readRawSettings, SettingsError } from '../../config/settings.js';

// The harness's own settings: .env under the environment, one zod schema, errors that
// name the setting, its value, where it came from and what is expected.

function dirWithEnv(contents: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'suite-settings-'));
  writeFileSync(path.join(dir, '.env'), contents);
  return dir;
}

test.describe('settings', () => {
  test('defaults apply when nothing is set', () => {
    const settings = parseSettings(readRawSettings(mkdtempSync(path.join(tmpdir(), 'suite-empty-')), {}));

    expect(settings).toEqual({
      TARGET: 'auto',
      ALLOW_DESTRUCTIVE: false,
      PRODUCTION_DENYLIST: '',
      CONTAINERS_REUSE: false,
      WORKERS: '100%',
      MODEL_RUNS: 6,
      MODEL_STEPS: 80,
      REPORTS_DIR: 'reports',
      SERVICE_LOG_LEVEL: 'info',
      SERVICE_COVERAGE: true,
    });
  });

  test('.env values are read and the environment wins over them', () => {
    const dir = dirWithEnv('TARGET=local\nFAKER_SEED=42\nWORKERS=3\n');

    const settings = parseSettings(readRawSettings(dir, { WORKERS: '50%' }));

    expect(settings).toMatchObject({ TARGET: 'local', FAKER_SEED: 42, WORKERS: '50%' });
  });

  test('a bad value names the setting, the value, its source and what is expected', () => {
    const dir = dirWithEnv('TARGET=contaners\n');

    const parse = () => parseSettings(readRawSettings(dir, { FAKER_SEED: 'abc' }));

    expect(parse).toThrow(SettingsError);
    expect(parse).toThrow('TARGET="contaners" (from .env): expected one of: auto, local, containers, remote');
    expect(parse).toThrow('FAKER_SEED="abc" (from the environment): expected an integer');
    expect(parse).toThrow('.env.example documents every setting');
  });

  test('unknown keys in .env are reported, not silently used', () => {
    const raw = readRawSettings(dirWithEnv('TARGT=local\n'), {});

    expect(raw.warnings).toEqual(['.env sets TARGT, which is not a setting of this suite (see .env.example); it is ignored']);
    expect(parseSettings(raw).TARGET).toBe('auto');
  });

  for (const [key, value, message] of [
    ['WORKERS', 'many', 'expected a number of workers of 1 or more (4), or a share of the cores from 1% to 100% (50%)'],
    ['WORKERS', '0', 'expected a number of workers of 1 or more'],
    ['WORKERS', '0%', 'a share of the cores from 1% to 100%'],
    ['WORKERS', '150%', 'a share of the cores from 1% to 100%'],
    ['RUN_ID', 'Has Spaces', 'expected 4 to 12 lowercase letters or digits'],
    ['SERVICE_LOG_LEVEL', 'loud', 'expected one of'],
    ['MODEL_RUNS', '0', 'expected at least 1'],
    ['MODEL_PATH', '3:x', 'expected a fast-check path such as 3:0:1 (printed with a failure)'],
  ] as const) {
    test(`${key}=${value} is refused: ${message}`, () => {
      expect(() => parseSettings(readRawSettings(dirWithEnv(''), { [key]: value }))).toThrow(message);
    });
  }
});
