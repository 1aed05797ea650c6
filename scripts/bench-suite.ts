// Times a suite as a user runs it, several times over, and says where the CPU went: wall
// time, CPU seconds in all, and CPU by process (the Playwright runner and workers,
// shop-api, PostgreSQL, the payment provider, Redis, the rest), each with min / median /
// max over the runs. Later changes to speed are judged by this (docs/speed.md).
// CPU by process is sampled from /proc every 100 ms (a process's last sample counts);
// the total is exact (what the run's processes and their children used, from the kernel).
// With --against, the two checkouts run in turn (A B A B ...) and each pair gives a ratio,
// so that a machine whose speed drifts over the sitting still compares like with like.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { cli, wholeNumber } from './lib/cli.js';

const args = cli({
  command: 'npm run bench:suite --',
  summary: "Runs a suite (shop-api's, or the harness's own) several times as a user does and prints wall time, CPU time and CPU by process kind.",
  positionals: { usage: '[-- <playwright test arguments>]' },
  options: {
    runs: { type: 'string', default: '3', value: 'n', description: 'runs of each checkout' },
    suite: { type: 'string', default: 'shop-api', value: 'shop-api|harness', description: "which suite: shop-api's (npx playwright test) or the harness's (npm run test:harness)" },
    dir: { type: 'string', value: 'checkout', description: 'measure another checkout (with its own node_modules) instead of this one' },
    against: { type: 'string', value: 'checkout', description: 'a second checkout, run in turn with the first; prints the ratio of each pair' },
    'against-args': { type: 'string', value: 'arguments', description: "the second checkout's playwright test arguments, if not the first's (an older layout that selects the same tests otherwise)" },
  },
  examples: ['npm run bench:suite -- --runs 3', 'npm run bench:suite -- --against ../before --against-args="--project api --project end-of-run" -- tests/api', 'npm run bench:suite -- --suite harness --runs 1'],
});
const runs = wholeNumber(args, '--runs', args.values.runs);
const SUITES: Record<string, string[]> = { 'shop-api': [], harness: ['--config', 'harness-tests'] };
const suiteArgs = SUITES[args.values.suite] ?? args.fail(`--suite ${JSON.stringify(args.values.suite)}: expected shop-api or harness`);
const checkout = (dir: string | undefined) => {
  const root = path.resolve(dir ?? path.join(import.meta.dirname, '..'));
  if (!existsSync(path.join(root, 'node_modules/@playwright/test/cli.js'))) args.fail(`${root} is not a checkout with its node_modules (run npm ci there)`);
  return root;
};
const roots = [checkout(args.values.dir), ...(args.values.against ? [checkout(args.values.against)] : [])];
const selections = [[...suiteArgs, ...args.positionals], args.values['against-args']?.split(/\s+/).filter(Boolean) ?? [...suiteArgs, ...args.positionals]];
const TICKS = 100; // clock ticks per second (getconf CLK_TCK) on Linux

const KINDS: [string, RegExp][] = [
  ['playwright workers', /playwright.*(process\.js|workerMain|worker)/],
  ['playwright runner', /playwright.*cli\.js test|node_modules\/\.bin\/playwright/],
  ['shop-api', /shop-api\/dist\/main\.js/],
  ['payment-provider', /payment-provider\/dist\/main\.js/],
  ['postgres', /(^|\/)postgres( |$)|postgres:/],
  ['redis', /redis-server/],
];
const kindOf = (cmdline: string) => KINDS.find(([, pattern]) => pattern.test(cmdline))?.[0] ?? 'other';

interface Proc {
  ppid: number;
  ticks: number;
  cmdline: string;
}

function readProc(pid: number): Proc | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
    return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]), cmdline };
  } catch {
    return undefined; // gone
  }
}

/** CPU ticks of this process's waited-for children (all the run's processes, once they ended). */
const childTicks = (): number => {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  return Number(fields[13]) + Number(fields[14]);
};

async function measure(root: string, args: string[]): Promise<{ wall: number; cpu: number; byKind: Record<string, number>; processes: Record<string, number>; code: number | null }> {
  const seen = new Map<number, Proc>();
  const before = childTicks();
  const t0 = performance.now();
  const child = spawn(process.execPath, [path.join(root, 'node_modules/@playwright/test/cli.js'), 'test', ...args], {
    cwd: root,
    stdio: 'ignore',
    env: { ...process.env, CI: '1', REPORTS_DIR: mkdtempSync(path.join(tmpdir(), 'bench-suite-')) },
  });
  const family = new Set([child.pid!]);
  const sample = () => {
    const procs = new Map<number, Proc>();
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const proc = readProc(Number(entry));
      if (proc) procs.set(Number(entry), proc);
    }
    // Descendants of the run, found by following parents (services are detached, not orphaned).
    let grew = true;
    while (grew) {
      grew = false;
      for (const [pid, proc] of procs) {
        if (!family.has(pid) && family.has(proc.ppid)) {
          family.add(pid);
          grew = true;
        }
      }
    }
    for (const pid of family) {
      const proc = procs.get(pid);
      if (proc) seen.set(pid, { ...proc, cmdline: proc.cmdline || seen.get(pid)?.cmdline || '' });
    }
  };
  const timer = setInterval(sample, 100);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearInterval(timer);
  const wall = (performance.now() - t0) / 1000;
  const byKind: Record<string, number> = {};
  const processes: Record<string, number> = {};
  for (const proc of seen.values()) {
    const kind = kindOf(proc.cmdline);
    byKind[kind] = (byKind[kind] ?? 0) + proc.ticks / TICKS;
    processes[kind] = (processes[kind] ?? 0) + 1;
  }
  return { wall, cpu: (childTicks() - before) / TICKS, byKind, processes, code };
}

type Result = Awaited<ReturnType<typeof measure>>;
const results: Result[][] = roots.map(() => []);
for (let i = 1; i <= runs; i++) {
  for (const [r, root] of roots.entries()) {
    const result = await measure(root, selections[r]!);
    results[r]!.push(result);
    const kinds = Object.entries(result.byKind).sort(([, a], [, b]) => b - a).map(([k, s]) => `${k} ${s.toFixed(1)} (${result.processes[k]} processes)`).join(', ');
    process.stdout.write(`run ${i}${roots.length > 1 ? ` of ${root}` : ''}: exit ${result.code}, wall ${result.wall.toFixed(1)} s, CPU ${result.cpu.toFixed(1)} s (${kinds})\n`);
  }
}

const stats = (xs: number[], digits = 1) => {
  const s = [...xs].sort((a, b) => a - b);
  return `min ${s[0]!.toFixed(digits)}  median ${s[Math.floor(s.length / 2)]!.toFixed(digits)}  max ${s.at(-1)!.toFixed(digits)}`;
};
for (const [r, root] of roots.entries()) {
  const mine = results[r]!;
  const selection = selections[r]!;
  process.stdout.write(`\n${root} (${runs} runs${selection.length ? `, playwright test ${selection.join(' ')}` : ''})\n`);
  process.stdout.write(`${'wall s'.padEnd(22)}${stats(mine.map((m) => m.wall))}\n`);
  process.stdout.write(`${'CPU s'.padEnd(22)}${stats(mine.map((m) => m.cpu))}\n`);
  for (const kind of [...KINDS.map(([k]) => k), 'other']) {
    const xs = mine.map((m) => m.byKind[kind] ?? 0);
    if (xs.some((x) => x > 0)) process.stdout.write(`${`  ${kind}`.padEnd(22)}${stats(xs)}\n`);
  }
}
if (roots.length > 1) {
  const [a, b] = results as [Result[], Result[]];
  process.stdout.write(`\nratio of each pair, ${roots[0]} / ${roots[1]}\n`);
  process.stdout.write(`${'wall'.padEnd(22)}${stats(a.map((x, i) => x.wall / b[i]!.wall), 2)}\n`);
  process.stdout.write(`${'CPU'.padEnd(22)}${stats(a.map((x, i) => x.cpu / b[i]!.cpu), 2)}\n`);
}
if (results.flat().some((r) => r.code !== 0)) process.exitCode = 1;
