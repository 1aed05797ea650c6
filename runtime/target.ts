import type { Manifest } from '../config/manifest.js';
import { adminAccount, type Secrets } from './services.js';

/** What a started target hands back: the manifest for the workers, and how to stop it. */
export interface StartedTarget {
  manifest: Manifest;
  /** Stops exactly what was started and removes what it wrote; safe to call twice. */
  stop: () => Promise<void>;
  /** Where the services write their raw coverage data, when they run under coverage (SERVICE_COVERAGE). */
  coverageDir?: string | undefined;
}

/** The manifest of a target whose services the suite started itself (and so may break, and knows the secrets of). */
export function ownedManifest(options: {
  runId: string;
  target: Exclude<Manifest['target'], 'remote'>;
  baseUrl: string;
  databaseUrl: string;
  paymentProviderUrl: string;
  cache: Manifest['cache'];
  secrets: Secrets;
  logsDir: string;
}): Manifest {
  const { secrets, ...rest } = options;
  return {
    ...rest,
    owned: true,
    allowDestructive: true,
    admin: adminAccount(secrets),
    jwtSecret: secrets.jwtSecret,
  };
}
