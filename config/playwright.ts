import type { ReporterDescription } from '@playwright/test';
import { parseSettings, readRawSettings, SettingsError, type Settings } from './settings.js';

// What both Playwright configs (shop-api's suite, and the harness's in harness-tests/)
// share: settings checked before anything starts, and the reporters of a run.

/** The settings; a bad one ends the run here, in one message and exit code 2, before anything starts. */
export function settingsOrExit(): Settings {
  try {
    return parseSettings(readRawSettings());
  } catch (err) {
    if (!(err instanceof SettingsError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
}

/** Listing the tests (--list) runs no test, so it writes no report: the last run's stays as it was. */
const listing = process.argv.includes('--list');

/**
 * The reporters of a run writing into `dir`: the terminal's (list, or dot under CI), then
 * `extra`, the HTML report, JUnit XML and the JSON report. Listing writes none of them.
 */
export function reporters(dir: string, extra: ReporterDescription[] = []): ReporterDescription[] {
  const terminal: ReporterDescription = [process.env.CI ? 'dot' : 'list'];
  if (listing) return [['list']];
  return [
    terminal,
    ...extra,
    ['html', { outputFolder: `${dir}/html`, open: 'never' }],
    ['junit', { outputFile: `${dir}/junit.xml` }],
    // What scripts read of a run: the nightly's history and its issue (scripts/history/).
    ['json', { outputFile: `${dir}/results.json` }],
  ];
}
