import { publishManifest } from './config/manifest.js';
import { loadSettings } from './config/settings.js';
import { startTarget } from './runtime/index.js';
import { running } from './runtime/running.js';

// Thin on purpose: settings -> runtime -> manifest.
export default async function globalSetup(): Promise<void> {
  const settings = loadSettings();
  const target = await startTarget(settings);
  running.target = target;
  publishManifest(target.manifest);
}
