// A sampled mutation run: draws N of shop-api's domain mutants at random and reports the
// mutation score with a 95% confidence interval (Wilson), in a fraction of a full run's time.
//
//   npm run mutation:sample -- --mutants 100 [--seed 42] [--concurrency 2] [--list] [--only file:line:col ...]
//
// The mutants are Stryker's own: its instrumenter (the one `npm run mutation` uses) puts
// every mutant of the domain code (config/domain-code.json) into one build, honouring the
// `// Stryker disable` comments. This script copies the checkout to a scratch directory,
// writes the instrumented sources there, runs the suite once without a mutant (it must
// pass), then once per drawn mutant with __STRYKER_ACTIVE_MUTANT__ set, exactly as
// Stryker's command runner does (npm run mutation:suite). A mutant is killed when the run
// fails, or when it outlasts the bound (Stryker's "timeout", counted as killed).
// --list prints the mutants and draws nothing. Results: reports/mutation/sample.json and
// sample.md (the survivors, each with its place and replacement).
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ROOT } from '../config/paths.js';
import { isDomainCode } from '../config/domain-code.js';
import { cli, wholeNumber } from '../scripts/lib/cli.js';
import { wilson } from './wilson.js';

const args = cli({
  command: 'npm run mutation:sample --',
  summary: "Draws shop-api's domain mutants at random, runs the suite against each, and reports the mutation score with a 95% interval (reports/mutation/sample.md, .json).",
  options: {
    mutants: { type: 'string', default: '100', value: 'n', description: 'how many mutants to draw' },
    seed: { type: 'string', value: 'n', description: 'the seed of the draw (printed with every sample; unset: random)' },
    concurrency: { type: 'string', default: '1', value: 'n', description: 'mutants tested at once' },
    list: { type: 'boolean', default: false, description: 'list every mutant (id, place, mutator, replacement) and run nothing' },
    only: { type: 'string', multiple: true, value: 'file:line:col', description: 'run the mutants at these places instead of drawing (survivors again, after a fix); repeatable' },
  },
  examples: ['npm run mutation:sample -- --mutants 100 --seed 42', 'npm run mutation:sample -- --only services/shop-api/src/routes/cart.ts:40:12'],
});
const { values } = args;
const mutantsWanted = wholeNumber(args, '--mutants', values.mutants);
const concurrency = wholeNumber(args, '--concurrency', values.concurrency);
const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : wholeNumber(args, '--seed', values.seed, 0);
const out = path.join(ROOT, 'reports/mutation');
const log = (line: string) => process.stderr.write(`${line}\n`);

interface Mutant {
  id: string;
  fileName: string;
  mutatorName: string;
  replacement: string;
  location: { start: { line: number; column: number }; end: { line: number; column: number } };
  status?: string;
  statusReason?: string;
}

// 1. Every mutant of the domain code, from Stryker's instrumenter.
const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));
const files = sourceFiles(path.join(ROOT, 'services/shop-api/src'))
  .map((file) => path.relative(ROOT, file))
  .filter((file) => file.endsWith('.ts') && isDomainCode(file))
  .sort();
const quiet = { isDebugEnabled: () => false, isInfoEnabled: () => false, isTraceEnabled: () => false, isWarnEnabled: () => true, isErrorEnabled: () => true, isFatalEnabled: () => true, trace() {}, debug() {}, info() {}, warn: log, error: log, fatal: log };
// Loaded once the command line is understood (Stryker's instrumenter brings Babel).
const { Instrumenter } = await import('@stryker-mutator/instrumenter');
const instrumented = await new Instrumenter(quiet).instrument(
  files.map((name) => ({ name, content: readFileSync(path.join(ROOT, name), 'utf8'), mutate: true })),
  { plugins: null, excludedMutations: [], ignorers: [] },
);
const all = instrumented.mutants as Mutant[];
const candidates = all.filter((m) => m.status === undefined);
// The instrumenter counts lines and columns from 0; people (and Stryker's reports) from 1.
const where = (m: Mutant) => `${m.fileName}:${m.location.start.line + 1}:${m.location.start.column + 1}`;
log(`[mutation] ${all.length} mutants in ${files.length} files of domain code; ${all.length - candidates.length} disabled in the code (Stryker disable comments)`);
if (values.list) {
  for (const m of all) process.stdout.write(`${m.id}\t${where(m)}\t${m.mutatorName}\t${m.status ?? ''}\t${JSON.stringify(m.replacement)}\n`);
  process.exit(0);
}

// 2. The draw: a partial Fisher-Yates shuffle with a seeded generator (mulberry32), so a seed replays it.
let state = seed >>> 0;
const random = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
};
const n = Math.min(mutantsWanted, candidates.length);
const pool = [...candidates];
for (let i = 0; i < n; i++) {
  const j = i + Math.floor(random() * (pool.length - i));
  [pool[i], pool[j]] = [pool[j]!, pool[i]!];
}
const only = values.only ?? [];
const drawn = only.length > 0 ? candidates.filter((m) => only.includes(where(m))) : pool.slice(0, n);
if (only.length > 0) {
  const missing = only.filter((at) => !drawn.some((m) => where(m) === at));
  if (missing.length > 0) throw new Error(`no mutant at ${missing.join(', ')} (npm run mutation:sample -- --list shows them)`);
  log(`[mutation] ${drawn.length} mutants at ${only.length} places given with --only`);
} else log(`[mutation] drew ${n} of ${candidates.length} (seed ${seed}: --seed ${seed} draws the same)`);

// 3. A scratch copy of the working tree with the instrumented sources and this checkout's dependencies.
const scratch = mkdtempSync(path.join(tmpdir(), 'shop-mutation-'));
const tracked = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' }).stdout.split('\0').filter(Boolean);
const packed = spawnSync('tar', ['--null', '-T', '-', '-cf', '-'], { cwd: ROOT, input: tracked.filter((f) => existsSync(path.join(ROOT, f))).join('\0'), maxBuffer: 1 << 30 });
const unpacked = spawnSync('tar', ['-xf', '-', '-C', scratch], { input: packed.stdout, maxBuffer: 1 << 30 });
if (packed.status !== 0 || unpacked.status !== 0) throw new Error(`copying the checkout failed: ${String(packed.stderr)}${String(unpacked.stderr)}`);
for (const deps of ['node_modules', ...readdirSync(path.join(ROOT, 'services')).map((s) => `services/${s}/node_modules`)]) {
  if (existsSync(path.join(ROOT, deps))) symlinkSync(path.join(ROOT, deps), path.join(scratch, deps));
}
for (const file of instrumented.files) writeFileSync(path.join(scratch, file.name), file.content);
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));

// 4. The suite, once per mutant.
interface Run {
  status: 'Killed' | 'Survived' | 'Timeout';
  seconds: number;
  killedBy?: string;
}
function runSuite(mutant: string | undefined, timeoutMs: number): Promise<Run> {
  const reports = path.join('reports', 'mutants', mutant ?? 'none');
  const t0 = performance.now();
  mkdirSync(path.join(scratch, reports), { recursive: true });
  const output = openSync(path.join(scratch, reports, 'output.log'), 'w');
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', 'mutation:suite', '--silent'], {
      cwd: scratch,
      detached: true,
      stdio: ['ignore', output, output],
      env: { ...process.env, REPORTS_DIR: reports, ...(mutant === undefined ? {} : { __STRYKER_ACTIVE_MUTANT__: mutant }) },
    });
    let timedOut = false;
    // The run's process group; it may be gone by the time a signal is sent (ESRCH).
    const signal = (name: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, name);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      signal('SIGTERM'); // Playwright's teardown stops the services
      setTimeout(() => signal('SIGKILL'), 30_000).unref();
    }, timeoutMs);
    closeSync(output);
    child.on('exit', (code) => {
      clearTimeout(timer);
      const seconds = Math.round((performance.now() - t0) / 100) / 10;
      const status = timedOut ? 'Timeout' : code === 0 ? 'Survived' : 'Killed';
      // Each run's output and logs stay (not its test-results), to see why a mutant died.
      spawnSync('sh', ['-c', `rm -rf "$1" && mkdir -p "$1" && cp -r output.log logs mutation-run.json "$1" 2>/dev/null`, '-', path.join(out, 'runs', mutant ?? 'none')], { cwd: path.join(scratch, reports) });
      resolve({ status, seconds, ...(status === 'Killed' ? { killedBy: firstFailure(path.join(scratch, reports, 'mutation-run.json')) } : {}) });
    });
  });
}

/** The first failing test of Playwright's JSON report, or the run's error. */
function firstFailure(file: string): string {
  if (!existsSync(file)) return '(the run failed before reporting: see its logs)';
  interface Suite { title: string; suites?: Suite[]; specs?: { title: string; ok: boolean; tests: { projectName: string }[] }[] }
  const report = JSON.parse(readFileSync(file, 'utf8')) as { suites: Suite[]; errors?: { message?: string }[] };
  const failed = (suite: Suite, trail: string[]): string[] => [
    ...(suite.specs ?? []).filter((s) => !s.ok).map((s) => `[${s.tests[0]?.projectName}] ${[...trail, s.title].join(' > ')}`),
    ...(suite.suites ?? []).flatMap((child) => failed(child, [...trail, child.title])),
  ];
  return report.suites.flatMap((s) => failed(s, [s.title]))[0] ?? report.errors?.[0]?.message?.split('\n')[0] ?? '(no failed test: global setup or teardown)';
}

mkdirSync(out, { recursive: true });
const started = performance.now();
log('[mutation] the suite without a mutant (it must pass) ...');
const dry = await runSuite(undefined, 30 * 60_000);
if (dry.status !== 'Survived') {
  log(`[mutation] the suite fails without a mutant (${dry.killedBy ?? dry.status}): fix that first; its output and logs: reports/mutation/runs/none/`);
  process.exit(2);
}
const timeoutMs = dry.seconds * 1000 * 1.5 + 120_000;
log(`[mutation] passed in ${dry.seconds} s; a mutant's run is bounded at ${Math.round(timeoutMs / 1000)} s`);

const results: (Mutant & Run)[] = [];
const queue = [...drawn];
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    for (let m = queue.shift(); m; m = queue.shift()) {
      const run = await runSuite(m.id, timeoutMs);
      results.push({ ...m, ...run });
      log(`[mutation] ${results.length}/${drawn.length} ${run.status.padEnd(8)} ${String(run.seconds).padStart(6)} s  ${where(m)} ${m.mutatorName} -> ${JSON.stringify(m.replacement).slice(0, 60)}`);
    }
  }),
);

// 5. The score and its interval.
const killed = results.filter((r) => r.status !== 'Survived').length;
const interval = wilson(killed, drawn.length);
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const summary = `${killed} of ${drawn.length} drawn mutants killed: score ${pct(killed / drawn.length)}, 95% interval ${pct(interval.low)} to ${pct(interval.high)} (Wilson); ` +
  `${candidates.length} mutants in all, seed ${seed}, ${Math.round((performance.now() - started) / 60_000)} min`;
const survivors = results.filter((r) => r.status === 'Survived').sort((a, b) => where(a).localeCompare(where(b), 'en', { numeric: true }));
writeFileSync(path.join(out, 'sample.json'), `${JSON.stringify({ seed, drawn: drawn.length, of: candidates.length, killed, score: killed / drawn.length, interval, dryRunSeconds: dry.seconds, results }, null, 2)}\n`);
writeFileSync(
  path.join(out, 'sample.md'),
  `# Sampled mutation run\n\n${summary}\n\n## Survivors\n\n${survivors.map((s) => `- ${where(s)} ${s.mutatorName}: \`${s.replacement.replace(/\s+/g, ' ').slice(0, 120)}\``).join('\n') || '(none)'}\n`,
);
log(`[mutation] ${summary}\n[mutation] reports/mutation/sample.md lists the survivors`);
