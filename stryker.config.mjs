// @ts-check
// Mutation testing of shop-api, driven by the black-box suite (npm run mutation; see
// mutation/README.md). Stryker puts every mutant into one build of shop-api (mutation
// switching) and runs the suite once per mutant with __STRYKER_ACTIVE_MUTANT__ naming it:
// the suite's local target starts shop-api with that variable, so the service runs that
// mutant. The suite is the test, so the command runner: a mutant is killed when the run
// fails. Each sandbox builds its own (instrumented) sources: global setup runs
// services/build.mjs in the project root it runs in.
import { readFileSync } from 'node:fs';

// The domain code (config/domain-code.json, which the coverage report totals too), as Stryker's patterns.
const { root, paths } = JSON.parse(readFileSync(new URL('./config/domain-code.json', import.meta.url), 'utf8'));
const mutatePatterns = paths.map((/** @type {string} */ p) => (p.endsWith('/') ? `${root}${p}**/*.ts` : `${root}${p}`));

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  mutate: mutatePatterns,
  testRunner: 'command',
  commandRunner: { command: 'npm run mutation:suite --silent' },
  // The command runner cannot tell which test covers which mutant: every mutant runs the
  // suite until its first failure (playwright.mutation.config.ts).
  coverageAnalysis: 'off',
  // A mutant's run costs seconds to minutes and each starts its own PostgreSQL, shop-api
  // and provider; two at a time keep a 2-core machine busy.
  concurrency: 2,
  // A survivor runs the whole selection; a hang is cut by Playwright's own time-outs
  // first (a failure: killed), this is the bound past that.
  timeoutMS: 120_000,
  timeoutFactor: 1.5,
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  reporters: ['html', 'json', 'clear-text', 'progress'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowEmojis: false, logTests: false },
  thresholds: { high: 90, low: 85, break: null },
  // What the sandbox needs: the suite and the services' sources (dependencies are linked).
  ignorePatterns: ['reports', 'services/*/dist', '.github', '.ci', 'scripts/model-mutants'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
