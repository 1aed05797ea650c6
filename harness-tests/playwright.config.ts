import { defineConfig } from '@playwright/test';
import { reportsDir } from '../config/paths.js';
import { reporters, settingsOrExit } from '../config/playwright.js';

// The harness's own tests (npm run test:harness), apart from shop-api's suite: their own
// run, their own report (reports/harness/). `unit` tests harness code alone and starts no
// system under test; `nested` runs shop-api's suite as a child process, as people run it.
const settings = settingsOrExit();
const reports = `${reportsDir(settings)}/harness`;

export default defineConfig({
  testDir: '.',
  fullyParallel: true,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  workers: settings.WORKERS,
  timeout: 30_000,
  // The nested tests start shop-api and the provider from their build.
  globalSetup: './build-services.ts',
  outputDir: `${reports}/test-results`,
  reporter: reporters(reports),
  projects: [
    { name: 'unit', testDir: 'unit' },
    { name: 'nested', testDir: 'nested' },
  ],
});
