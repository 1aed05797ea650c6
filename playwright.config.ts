import { defineConfig } from '@playwright/test';
import { reportsDir } from './config/paths.js';
import { parseSettings, readRawSettings, SettingsError } from './config/settings.js';
import { coverageSummaryFile } from './runtime/coverage.js';

// Settings are checked here, before anything starts, so a bad .env fails at once.
let settings;
try {
  settings = parseSettings(readRawSettings());
} catch (err) {
  if (!(err instanceof SettingsError)) throw err;
  process.stderr.write(`${err.message}\n`);
  process.exit(2);
}

const ci = Boolean(process.env.CI);
const reports = reportsDir(settings);

export default defineConfig({
  testDir: 'tests',
  fullyParallel: true,
  forbidOnly: ci,
  retries: 0,
  // One worker per core. The suite is CPU-bound (the services it calls share the cores):
  // on 2 cores, 2 workers ran the whole suite in 177 s and 307 CPU-s, 4 workers in 241 s
  // and 435 CPU-s (npm run bench:suite, README "Speed"); each extra worker only adds
  // start-ups and contention.
  workers: settings.WORKERS === undefined ? '100%' : /^\d+$/.test(settings.WORKERS) ? Number(settings.WORKERS) : settings.WORKERS,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  globalSetup: './global-setup.ts',
  globalTeardown: './global-teardown.ts',
  outputDir: `${reports}/test-results`,
  reporter: [
    [ci ? 'dot' : 'list'],
    // Before the HTML reporter: it attaches the services' coverage, written at teardown.
    ['./reporters/service-coverage.ts', { summaryFile: coverageSummaryFile(settings) }],
    ['html', { outputFolder: `${reports}/html`, open: 'never' }],
    ['junit', { outputFile: `${reports}/junit.xml` }],
    // What scripts read of a run: the nightly's failure issue (scripts/nightly-issue.ts).
    ['json', { outputFile: `${reports}/results.json` }],
  ],
  use: { trace: 'retain-on-failure' },
  projects: [
    { name: 'self', testDir: 'tests/self' },
    { name: 'api', testDir: 'tests/api', teardown: 'end-of-run' },
    // Journeys are the stories people read in the report: each keeps its trace.
    { name: 'journeys', testDir: 'tests/journeys', use: { trace: 'on' }, teardown: 'end-of-run' },
    { name: 'integrity', testDir: 'tests/integrity', teardown: 'end-of-run' },
    { name: 'security', testDir: 'tests/security', teardown: 'end-of-run' },
    { name: 'model', testDir: 'tests/model', teardown: 'end-of-run' },
    // Checks over everything the run did: Playwright runs a teardown project after all
    // the projects that name it have finished (and, unlike a dependency, --repeat-each
    // still repeats those).
    // One worker: its few checks are quick, and each worker a project starts costs about
    // two seconds of CPU (Playwright loading itself), more than running them in turn.
    { name: 'end-of-run', testDir: 'tests/end-of-run', workers: 1 },
  ],
});
