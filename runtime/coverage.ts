import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { reportsDir, ROOT } from '../config/paths.js';
import { isDomainCode } from '../config/domain-code.js';
import type { GenericContainer } from 'testcontainers';
import type { Settings } from '../config/settings.js';
import { seconds } from './stages.js';

// Service coverage from the black-box run. Every shop-api and payment provider the suite
// starts (the target's, in containers too, and each private stack's) runs with
// NODE_V8_COVERAGE pointing into one directory; each process writes its data there when
// it exits normally (SIGTERM: the services close and call process.exit). A process killed
// with SIGKILL (a crash test) writes nothing, and its coverage is lost. Global teardown
// maps the data back to the TypeScript sources through esbuild's source maps and writes
// reports/coverage/: an HTML report, lcov.info and coverage-summary.json.

/** Where the services' processes put their raw V8 data: read by teardown, then removed. */
export const rawCoverageDir = (settings: Pick<Settings, 'SERVICE_COVERAGE' | 'REPORTS_DIR'>): string | undefined =>
  settings.SERVICE_COVERAGE ? path.join(reportsDir(settings), 'coverage-v8') : undefined;

/** Where the report goes: beside the raw data. */
const reportDirOf = (rawDir: string): string => path.join(path.dirname(rawDir), 'coverage');
export const coverageReportDir = (settings: Pick<Settings, 'REPORTS_DIR'>): string => path.join(reportsDir(settings), 'coverage');

/** The summary the report leaves, per file and in total (istanbul's json-summary). */
export const coverageSummaryFile = (settings: Pick<Settings, 'REPORTS_DIR'>): string => path.join(coverageReportDir(settings), 'coverage-summary.json');

/** Where the services live in their images (see services/Dockerfile). */
const CONTAINER_ROOT = '/app';
/** Where a container writes its raw data: a bind mount of rawCoverageDir. */
const CONTAINER_COVERAGE_DIR = '/coverage';

/** The variable that turns V8 coverage on in a service process. */
export const coverageEnv = (dir: string | undefined): Record<string, string> => (dir ? { NODE_V8_COVERAGE: dir } : {});

/** How a service's container runs under coverage, writing to `dir` on the host (nothing changes without). */
export function coverageInContainer(dir: string | undefined) {
  return {
    apply<C extends GenericContainer>(container: C): C {
      if (!dir) return container;
      // The image's HEALTHCHECK (a `node -e` every 5 s, unused by the suite, which waits on
      // /ready) would write a file of data each time: it is replaced by a no-op.
      const covered = container.withBindMounts([{ source: dir, target: CONTAINER_COVERAGE_DIR, mode: 'rw' }]).withHealthCheck({ test: ['CMD', 'true'] });
      // Node writes the data readable by its owner only: a suite not run as root runs the
      // service as itself (the image runs as any user), so that it can read what was written.
      const uid = process.getuid?.();
      return uid === undefined || uid === 0 ? covered : covered.withUser(`${uid}:${process.getgid!()}`);
    },
    env: coverageEnv(dir && CONTAINER_COVERAGE_DIR),
    // Testcontainers stops with SIGKILL unless given a time-out; SIGTERM lets the service
    // exit normally, which is when it writes its data.
    stopOptions: dir ? { timeout: 10_000 } : {},
  };
}

/**
 * An empty directory for this run's raw data. Writable by anyone: the services' containers
 * run as the image's user `node`, not as whoever runs the suite.
 */
export function prepareRawCoverage(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o777);
}

/**
 * The data of the containers' processes names files inside the image
 * (file:///app/services/shop-api/dist/...). The image is built from the same sources by
 * the same build (services/build.mjs) as the dist/ folders here, which global setup has
 * just built, so those paths are mapped to the same files in this checkout.
 */
function mapContainerPaths(dir: string): void {
  const from = `"${pathToFileURL(path.join(CONTAINER_ROOT, 'services')).href}/`;
  const to = `"${pathToFileURL(path.join(ROOT, 'services')).href}/`;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const text = readFileSync(path.join(dir, file), 'utf8');
    if (text.includes(from)) writeFileSync(path.join(dir, file), text.replaceAll(from, to));
  }
}

export interface CoverageTotals {
  lines: number;
  branches: number;
  functions: number;
}

type Metric = { total: number; covered: number; pct: number | string };
/** istanbul's json-summary: per file (repository-relative) and `total`. */
export type CoverageSummary = Record<string, Record<keyof CoverageTotals, Metric>>;

const percent = (covered: number, total: number) => (total === 0 ? 100 : Math.floor((10_000 * covered) / total) / 100);

/** The totals of shop-api's domain code (config/domain-code.json): what the suite is held to. */
export function domainTotals(summary: CoverageSummary): CoverageTotals {
  const files = Object.entries(summary).filter(([file]) => isDomainCode(file)).map(([, metrics]) => metrics);
  const sum = (key: keyof CoverageTotals) => percent(files.reduce((n, f) => n + f[key].covered, 0), files.reduce((n, f) => n + f[key].total, 0));
  return { lines: sum('lines'), branches: sum('branches'), functions: sum('functions') };
}

/**
 * Writes the report from the raw data of every service process that exited, and removes
 * the raw data. Returns undefined when no process left any (the remote target, or a run
 * whose services were all killed).
 */
export async function writeCoverageReport(rawDir: string, outputDir: string): Promise<{ totals: CoverageTotals; domain: CoverageTotals; files: number; ms: number } | undefined> {
  const t0 = performance.now();
  if (!existsSync(rawDir) || !readdirSync(rawDir).some((f) => f.endsWith('.json'))) return undefined;
  mapContainerPaths(rawDir);
  const { CoverageReport } = await import('monocart-coverage-reports');
  const report = new CoverageReport({
    name: 'shop-api and payment-provider: code reached by the black-box suite',
    outputDir,
    reports: [['html', { subdir: '.' }], ['lcovonly', { file: 'lcov.info' }], ['json-summary', { file: 'coverage-summary.json' }]],
    // The services' own modules (not node_modules, not Node's), then their TypeScript sources.
    entryFilter: (entry: { url: string }) => /\/services\/[^/]+\/dist\//.test(entry.url),
    sourceFilter: (sourcePath: string) => /(^|\/)services\/[^/]+\/src\//.test(sourcePath),
    sourcePath: (filePath: string) => path.relative(ROOT, path.resolve(ROOT, filePath)),
    logging: 'error',
    cleanCache: true,
  });
  await report.addFromDir(rawDir);
  const results = await report.generate();
  rmSync(rawDir, { recursive: true, force: true });
  if (!results) return undefined;
  const summary = JSON.parse(readFileSync(path.join(outputDir, 'coverage-summary.json'), 'utf8')) as CoverageSummary;
  const pct = (key: keyof CoverageTotals) => Number(summary.total![key].pct);
  return { totals: { lines: pct('lines'), branches: pct('branches'), functions: pct('functions') }, domain: domainTotals(summary), files: results.files.length, ms: performance.now() - t0 };
}

/** Global teardown's part: the report, and one line about it on stderr. */
export async function writeServiceCoverage(rawDir: string): Promise<void> {
  const outputDir = reportDirOf(rawDir);
  const written = await writeCoverageReport(rawDir, outputDir);
  process.stderr.write(
    written
      ? `[suite] service coverage: lines ${written.totals.lines} %, branches ${written.totals.branches} %, functions ${written.totals.functions} % ` +
          `over ${written.files} source files; shop-api's domain code: lines ${written.domain.lines} %, branches ${written.domain.branches} %; ` +
          `${path.relative(process.cwd(), path.join(outputDir, 'index.html'))} (${seconds(written.ms)})\n`
      : '[suite] service coverage: no service process left any data (each writes it as it exits normally)\n',
  );
}
