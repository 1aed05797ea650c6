// Builds a service: transpiles its src/**/*.ts to dist/ with esbuild (same layout, no
// bundling, no type-check; `npm run typecheck` at the root does that). One definition
// for both places that build: the suite's runtime and the services' Dockerfiles.
// An unchanged service is not rebuilt (dist/.build-stamp holds the hash of its
// sources), so a run never rewrites the files of a service that is running. A build is
// written beside dist/ and then put in its place, so that two builds at once (shop-api's
// suite and the harness's, side by side) never write into the same files.
//   node services/build.mjs services/shop-api [services/payment-provider ...]
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

/** @param {string} dir @returns {string[]} */
const sources = (dir) =>
  readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : [path.join(dir, e.name)]));

/** @param {string} serviceDir @returns {Promise<string>} the entry point, dist/main.js */
export async function buildService(serviceDir) {
  const src = path.join(serviceDir, 'src');
  const outdir = path.join(serviceDir, 'dist');
  const stampFile = path.join(outdir, '.build-stamp');
  const hash = createHash('sha256').update(readFileSync(new URL(import.meta.url)));
  for (const file of sources(src)) hash.update(path.relative(src, file)).update(readFileSync(file));
  const stamp = hash.digest('hex');
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return path.join(outdir, 'main.js');

  const fresh = `${outdir}.build-${process.pid}`;
  rmSync(fresh, { recursive: true, force: true });
  await build({
    entryPoints: [path.join(src, '**/*.ts')],
    outbase: src,
    outdir: fresh,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
  });
  writeFileSync(path.join(fresh, '.build-stamp'), stamp);
  rmSync(outdir, { recursive: true, force: true });
  try {
    renameSync(fresh, outdir);
  } catch {
    rmSync(fresh, { recursive: true, force: true }); // another build of the same sources got there first
  }
  return path.join(outdir, 'main.js');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const dir of process.argv.slice(2)) await buildService(path.resolve(dir));
}
