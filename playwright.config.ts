import { defineConfig } from '@playwright/test';
import { reportsDir } from './config/paths.js';
import { reporters, settingsOrExit } from './config/playwright.js';
import { coverageSummaryFile } from './runtime/coverage.js';

// Settings are checked here, before anything starts, so a bad .env fails at once.
const settings = settingsOrExit();
const reports = reportsDir(settings);

// shop-api's suite: what `npx playwright test` runs. The harness's own tests have a config
// of their own (harness-tests/, npm run test:harness).
export default defineConfig({
  testDir: 'tests',
  fullyParallel: true,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  workers: settings.WORKERS,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  globalSetup: './global-setup.ts',
  globalTeardown: './global-teardown.ts',
  outputDir: `${reports}/test-results`,
  // Before the HTML reporter: it attaches the services' coverage, written at teardown.
  reporter: reporters(reports, [['./reporters/service-coverage.ts', { summaryFile: coverageSummaryFile(settings) }]]),
  // A trace records every call a test makes, at about twice the CPU of the call itself, so
  // only where it is read: a failed test's retry (the nightly retries once), and every
  // journey (their files set traceCalls, which records their calls without a worker of
  // their own). Add --trace on for a trace of every test.
  use: { trace: 'on-first-retry' },
  // One project for the whole of shop-api's suite: a worker belongs to one project, and
  // each costs a start-up, so folders and tags do the selecting (docs/running.md), not
  // projects. It has no name, so that the report labels its tests by their tags alone.
  // The end-of-run checks come after it: Playwright runs a teardown project once every
  // project that names it has finished (and --repeat-each still repeats those).
  projects: [
    { name: '', testIgnore: 'end-of-run/**', teardown: 'end-of-run' },
    // One worker: its few checks are quick, and a worker's start-up costs more than running them in turn.
    { name: 'end-of-run', testDir: 'tests/end-of-run', workers: 1 },
  ],
});
