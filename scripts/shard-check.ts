// Proves that sharding loses and duplicates nothing: runs a selection of the suite as two
// shards (blob reports), merges them with `playwright merge-reports`, runs the same
// selection in one go, and compares the tests of both, title by title.
//   npm run shard-check -- [<playwright test arguments: files, --grep ...>]
// (default: two spec files; with no selection at all the whole suite runs three times.)
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { cli } from './lib/cli.js';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const playwrightCli = path.join(root, 'node_modules/@playwright/test/cli.js');
const args = cli({
  command: 'npm run shard-check --',
  summary: 'Proves that sharding loses and duplicates nothing: runs a selection as two shards, merges their blob reports, runs it again in one go, and compares the tests of both, title by title.',
  positionals: { usage: '[-- <playwright test arguments: files, --grep ...>]' },
  options: {},
  examples: ['npm run shard-check', 'npm run shard-check -- tests/api/orders.spec.ts'],
});
const selection = args.positionals.length > 0 ? args.positionals : ['tests/api/cart.spec.ts', 'tests/api/auth.spec.ts'];
const work = mkdtempSync(path.join(tmpdir(), 'shard-check-'));

function playwright(args: string[], env: Record<string, string>): void {
  const run = spawnSync(process.execPath, [playwrightCli, ...args], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, CI: '1', ...env } });
  if (run.status !== 0) throw new Error(`playwright ${args.join(' ')} exited ${run.status}`);
}

interface Report {
  suites: Suite[];
}
interface Suite {
  suites?: Suite[];
  specs: { title: string; file: string; tests: { projectName: string; status: string }[] }[];
}
const tests = (suite: Suite): string[] => [
  ...suite.specs.flatMap((s) => s.tests.map((t) => `${t.projectName} › ${s.file} › ${s.title} (${t.status})`)),
  ...(suite.suites ?? []).flatMap(tests),
];
const testsIn = (file: string) => (JSON.parse(readFileSync(file, 'utf8')) as Report).suites.flatMap(tests).sort();

// Each shard its own blob directory (a blob reporter empties its directory first), then
// all of them in one, as CI's merge job downloads them.
const blobs = path.join(work, 'blobs');
mkdirSync(blobs);
for (const shard of ['1', '2']) {
  process.stderr.write(`shard ${shard}/2 ...\n`);
  const own = path.join(work, `shard-${shard}`);
  playwright(['test', ...selection, '--shard', `${shard}/2`, '--reporter', 'blob'], { PLAYWRIGHT_BLOB_OUTPUT_DIR: path.join(own, 'blob'), REPORTS_DIR: own });
  for (const file of readdirSync(path.join(own, 'blob'))) copyFileSync(path.join(own, 'blob', file), path.join(blobs, file));
}
process.stderr.write('merging ...\n');
const merged = path.join(work, 'merged.json');
playwright(['merge-reports', '--reporter', 'json', blobs], { PLAYWRIGHT_JSON_OUTPUT_NAME: merged });
process.stderr.write('one run ...\n');
const whole = path.join(work, 'whole.json');
playwright(['test', ...selection, '--reporter', 'json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: whole, REPORTS_DIR: path.join(work, 'whole') });

// The end-of-run project runs once per shard (its checks hold per shard): it is compared
// as "once per shard"; every other test must be in the shards exactly once.
const endOfRun = (t: string) => t.startsWith('end-of-run › ');
const [sharded, single] = [testsIn(merged), testsIn(whole)];
const [shardTests, singleTests] = [sharded.filter((t) => !endOfRun(t)), single.filter((t) => !endOfRun(t))];
const missing = singleTests.filter((t) => !shardTests.includes(t));
const twice = shardTests.filter((t, i) => shardTests.indexOf(t) !== i);
const endOfRunOk = sharded.filter(endOfRun).length === 2 * single.filter(endOfRun).length;
process.stdout.write(
  `${selection.join(' ')}: one run ${singleTests.length} tests (+${single.filter(endOfRun).length} end-of-run); ` +
    `two shards merged ${shardTests.length} tests (+${sharded.filter(endOfRun).length} end-of-run, one set per shard)\n`,
);
for (const t of missing) process.stdout.write(`  in no shard:        ${t}\n`);
for (const t of twice) process.stdout.write(`  in both shards:     ${t}\n`);
if (!endOfRunOk) process.stdout.write('  the end-of-run project did not run once in each shard\n');
process.exitCode = missing.length === 0 && twice.length === 0 && shardTests.length === singleTests.length && endOfRunOk ? 0 : 1;
