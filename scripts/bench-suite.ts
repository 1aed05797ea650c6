// Times the whole suite as a user runs it, several times over, and says where the CPU
// went: wall time, CPU seconds in all, and CPU by process (the Playwright runner and
// workers, shop-api, PostgreSQL, the payment provider, Redis, the rest), each with
// min / median / max over the runs. Later changes to speed are judged by this.
//   npm run bench:suite -- [--runs 3] [--dir <checkout>] [-- <playwright args>]
// --dir: measure another checkout (e.g. an older commit) with its own node_modules.
// CPU by process is sampled from /proc every 100 ms (a process's last sample counts);
// the total is exact (what the run's processes and their children used, from the kernel).
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { exitQuietlyWhenPipeCloses } from './pipe-safe.js';

exitQuietlyWhenPipeCloses();
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { runs: { type: 'string', default: '3' }, dir: { type: 'string' } },
});
const root = path.resolve(values.dir ?? path.join(import.meta.dirname, '..'));
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

async function measure(args: string[]): Promise<{ wall: number; cpu: number; byKind: Record<string, number>; processes: Record<string, number>; code: number | null }> {
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

const runs = Number(values.runs);
const results = [];
for (let i = 1; i <= runs; i++) {
  const result = await measure(positionals);
  results.push(result);
  const kinds = Object.entries(result.byKind).sort(([, a], [, b]) => b - a).map(([k, s]) => `${k} ${s.toFixed(1)} (${result.processes[k]} processes)`).join(', ');
  process.stdout.write(`run ${i}: exit ${result.code}, wall ${result.wall.toFixed(1)} s, CPU ${result.cpu.toFixed(1)} s (${kinds})\n`);
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return `min ${s[0]!.toFixed(1)}  median ${s[Math.floor(s.length / 2)]!.toFixed(1)}  max ${s.at(-1)!.toFixed(1)}`;
};
process.stdout.write(`\n${root} (${runs} runs${positionals.length ? `, playwright test ${positionals.join(' ')}` : ''})\n`);
process.stdout.write(`${'wall s'.padEnd(22)}${stats(results.map((r) => r.wall))}\n`);
process.stdout.write(`${'CPU s'.padEnd(22)}${stats(results.map((r) => r.cpu))}\n`);
for (const kind of [...KINDS.map(([k]) => k), 'other']) {
  const xs = results.map((r) => r.byKind[kind] ?? 0);
  if (xs.some((x) => x > 0)) process.stdout.write(`${`  ${kind}`.padEnd(22)}${stats(xs)}\n`);
}
if (results.some((r) => r.code !== 0)) process.exitCode = 1;
