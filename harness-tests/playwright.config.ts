import { defineConfig } from '@playwright/test';
import { reportsDir } from '../config/paths.js';
import { parseSettings, readRawSettings, SettingsError } from '../config/settings.js';

// The harness's own tests (npm run test:harness), apart from shop-api's suite: their own
// run, their own report (reports/harness/). `unit` tests harness code alone and starts no
// system under test; `nested` runs shop-api's suite as a child process, as people run it.
let settings;
try {
  settings = parseSettings(readRawSettings());
} catch (err) {
  if (!(err instanceof SettingsError)) throw err;
  process.stderr.write(`${err.message}\n`);
  process.exit(2);
}
const reports = `${reportsDir(settings)}/harness`;
const ci = Boolean(process.env.CI);

export default defineConfig({
  testDir: '.',
  fullyParallel: true,
  forbidOnly: ci,
  retries: 0,
  workers: settings.WORKERS,
  timeout: 30_000,
  // The nested tests start shop-api and the provider from their build.
  globalSetup: './build-services.ts',
  outputDir: `${reports}/test-results`,
  reporter: [
    [ci ? 'dot' : 'list'],
    ['html', { outputFolder: `${reports}/html`, open: 'never' }],
    ['junit', { outputFile: `${reports}/junit.xml` }],
    ['json', { outputFile: `${reports}/results.json` }],
  ],
  projects: [
    { name: 'unit', testDir: 'unit' },
    { name: 'nested', testDir: 'nested' },
  ],
});
