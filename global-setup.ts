import path from 'node:path';
import { publishManifest } from './config/manifest.js';
import { loadSettings, SettingsError } from './config/settings.js';
import { startTarget, TargetError } from './runtime/index.js';
import { running } from './runtime/running.js';

const ROOT = import.meta.dirname;

// Thin on purpose: settings -> runtime -> manifest. A setting or target that cannot
// work stops the run here with a message that says what to do, not a stack trace.
export default async function globalSetup(): Promise<void> {
  try {
    const settings = loadSettings(ROOT);
    const reportsDir = path.resolve(ROOT, settings.REPORTS_DIR);
    running.target = await startTarget(settings, { root: ROOT, reportsDir });
    publishManifest(running.target.manifest, reportsDir);
  } catch (err) {
    if (!(err instanceof SettingsError) && !(err instanceof TargetError)) throw err;
    process.stderr.write(`\n[suite] ${err.message}\n\n`);
    process.exit(2);
  }
}
