import type { Manifest } from '../config/manifest.js';

/** What a started target hands back: the manifest for the workers, and how to stop it. */
export interface StartedTarget {
  manifest: Manifest;
  /** Stops exactly what was started and removes what it wrote; safe to call twice. */
  stop: () => Promise<void>;
}
