import { publishManifest } from './config/manifest.js';
import { reportsDir, ROOT } from './config/paths.js';
import { selectionOf } from './config/selection.js';
import { loadSettings, SettingsError } from './config/settings.js';
import { startTarget, TargetError } from './runtime/index.js';
import { running } from './runtime/running.js';

// Thin on purpose: settings -> runtime -> manifest. A setting or target that cannot
// work stops the run here with a message that says what to do, not a stack trace.
export default async function globalSetup(): Promise<void> {
  try {
    const settings = loadSettings();
    const reports = reportsDir(settings);
    running.target = await startTarget(settings, { root: ROOT, reportsDir: reports });
    publishManifest({ ...running.target.manifest, wholeRun: selectionOf(process.argv).whole }, reports);
  } catch (err) {
    if (!(err instanceof SettingsError) && !(err instanceof TargetError)) throw err;
    process.stderr.write(`\n[suite] ${err.message}\n\n`);
    process.exit(2);
  }
}
