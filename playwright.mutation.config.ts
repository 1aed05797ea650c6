import path from 'node:path';
import { defineConfig } from '@playwright/test';
import { reportsDir } from './config/paths.js';
import { parseSettings, readRawSettings } from './config/settings.js';
import base from './playwright.config.js';

// The suite as mutation testing runs it (npm run mutation:suite, once per mutant): a
// mutant is killed by the first failing test, so the run stops there (maxFailures: 1),
// and the folders that kill most mutants soonest are scheduled first, each a project of
// its own here. No traces, no HTML report.
const ORDER = ['api', 'security', 'journeys', 'integrity', 'model'];

export default defineConfig({
  ...base,
  maxFailures: 1,
  // Two mutants' suites run side by side on a busy machine: a test that fails only because
  // it ran slowly would count as a kill. Killing takes a failed assertion, not a time-out.
  timeout: 3 * (base.timeout ?? 30_000),
  reporter: [['dot'], ['json', { outputFile: path.join(reportsDir(parseSettings(readRawSettings())), 'mutation-run.json') }]],
  use: { ...base.use, trace: 'off' },
  projects: [
    ...ORDER.map((folder) => ({ name: folder, testDir: `tests/${folder}`, teardown: 'end-of-run' })),
    { name: 'end-of-run', testDir: 'tests/end-of-run', workers: 1 },
  ],
});
