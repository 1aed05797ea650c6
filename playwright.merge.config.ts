import { defineConfig } from '@playwright/test';

// The report of a sharded run: each shard leaves a blob report (--reporter=blob), and
//   npx playwright merge-reports --config playwright.merge.config.ts <dir of blob reports>
// makes one HTML report, one JUnit file and one JSON file of them all.
export default defineConfig({
  reporter: [
    ['html', { outputFolder: 'reports/html', open: 'never' }],
    ['junit', { outputFile: 'reports/junit.xml' }],
    ['json', { outputFile: 'reports/results.json' }],
  ],
});
