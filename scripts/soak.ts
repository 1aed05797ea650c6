// Proves the suite does not depend on how fast the machine is: runs it with
// --repeat-each while the machine is kept busy by a bounded CPU load started beside it
// (stress-ng --cpu N when installed, else N busy Node processes), and reports what ran,
// what failed, and the load there was. Stops the load by its process ids.
//   npm run soak -- [--repeat 20] [--load 2] [-- <playwright test arguments>]
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { cli, wholeNumber } from './lib/cli.js';
import { performance } from 'node:perf_hooks';

const cliArgs = cli({
  command: 'npm run soak --',
  summary: 'Runs the suite with --repeat-each while a bounded CPU load runs beside it (stress-ng, else busy Node processes), and reports what ran, what failed and the load there was.',
  positionals: { usage: '[-- <playwright test arguments>]' },
  options: {
    repeat: { type: 'string', default: '20', value: 'n', description: 'each test this many times (--repeat-each)' },
    load: { type: 'string', default: '2', value: 'n', description: 'CPU-bound processes beside it' },
  },
  examples: ['npm run soak -- --repeat 20 --load 2', 'npm run soak -- --repeat 5 -- tests/integrity'],
});
const { values, positionals } = cliArgs;
wholeNumber(cliArgs, '--repeat', values.repeat);
wholeNumber(cliArgs, '--load', values.load, 0);
const root = path.resolve(import.meta.dirname, '..');
const busy = Number(values.load);

const hasStressNg = spawnSync('stress-ng', ['--version'], { stdio: 'ignore' }).status === 0;
const load: ChildProcess[] = hasStressNg
  ? [spawn('stress-ng', ['--cpu', String(busy), '--quiet'], { stdio: 'ignore' })]
  : Array.from({ length: busy }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
const loadName = hasStressNg ? `stress-ng --cpu ${busy}` : `${busy} busy Node processes`;
const stopLoad = () => load.forEach((p) => p.kill('SIGKILL'));
process.on('exit', stopLoad);

const reports = mkdtempSync(path.join(tmpdir(), 'soak-'));
const json = path.join(reports, 'results.json');
const args = ['test', '--repeat-each', values.repeat, '--reporter', 'dot,json', ...positionals];
process.stderr.write(`soak: playwright ${args.join(' ')} beside ${loadName}; reports in ${reports}\n`);
const loads: number[] = [];
const sampler = setInterval(() => loads.push(loadavg()[0]!), 5_000);
const t0 = performance.now();
const code = await new Promise<number | null>((resolve) => {
  const run = spawn(process.execPath, [path.join(root, 'node_modules/@playwright/test/cli.js'), ...args], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, CI: '1', REPORTS_DIR: reports, PLAYWRIGHT_JSON_OUTPUT_NAME: json },
  });
  run.on('exit', resolve);
});
clearInterval(sampler);
stopLoad();

const { stats } = JSON.parse(readFileSync(json, 'utf8')) as { stats: { expected: number; unexpected: number; flaky: number; skipped: number } };
const minutes = ((performance.now() - t0) / 60_000).toFixed(1);
const avg = loads.length ? (loads.reduce((a, b) => a + b, 0) / loads.length).toFixed(1) : 'n/a';
process.stdout.write(
  `\nsoak: --repeat-each ${values.repeat} ${positionals.join(' ')} beside ${loadName}, ${minutes} min, ` +
    `load average ${avg} (max ${Math.max(...loads, 0).toFixed(1)}) on ${cpus().length} cores\n` +
    `soak: ${stats.expected} passed, ${stats.unexpected} failed, ${stats.flaky} flaky, ${stats.skipped} skipped (exit ${code})\n`,
);
process.exitCode = code === 0 && stats.unexpected === 0 && stats.flaky === 0 ? 0 : 1;
