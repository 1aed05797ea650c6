import { rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

/**
 * Transpiles a service's src/ to dist/ (same layout as its tsc build, no bundling) in a
 * few tens of milliseconds, so child processes start on plain JavaScript: running the
 * TypeScript through a loader (tsx) costs over a second of start-up. Type-checking is
 * npm run typecheck's job, not this one's.
 */
export async function buildService(serviceDir: string): Promise<string> {
  const outdir = path.join(serviceDir, 'dist');
  rmSync(outdir, { recursive: true, force: true });
  await build({
    entryPoints: [path.join(serviceDir, 'src/**/*.ts')],
    outbase: path.join(serviceDir, 'src'),
    outdir,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    logLevel: 'silent',
  });
  return path.join(outdir, 'main.js');
}
