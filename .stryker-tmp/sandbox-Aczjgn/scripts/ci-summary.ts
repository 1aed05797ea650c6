// @ts-nocheck
// Prints what CI shows last: a "N passed, N failed" line (", N skipped" when any) per
// run, read from each run's JUnit report, and, for several runs, their total last.
//   tsx scripts/ci-summary.ts <label>=<junit.xml>:<exit status> ...
import { existsSync, readFileSync } from 'node:fs';

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

function read(file: string, status: string): { counts: Counts; note: string } {
  if (!existsSync(file)) {
    return { counts: { passed: 0, failed: 1, skipped: 0 }, note: ' (the suite did not run: see the typecheck, lint or setup output above)' };
  }
  const root = /<testsuites\b[^>]*>/.exec(readFileSync(file, 'utf8'))?.[0] ?? '';
  const count = (name: string) => Number(new RegExp(`\\b${name}="(\\d+)"`).exec(root)?.[1] ?? 0);
  const failed = count('failures') + count('errors');
  const skipped = count('skipped');
  const counts = { passed: count('tests') - failed - skipped, failed, skipped };
  if (status !== '0' && failed === 0) return { counts: { ...counts, failed: 1 }, note: ' (no test failed, but the run exited non-zero: see above)' };
  return { counts, note: '' };
}

const line = (c: Counts) => `${c.passed} passed, ${c.failed} failed${c.skipped ? `, ${c.skipped} skipped` : ''}`;

const runs = process.argv.slice(2).map((arg) => {
  const [, label, file, status] = /^([^=]+)=(.+):(\d+)$/.exec(arg) ?? [];
  if (!label || !file || !status) throw new Error(`expected <label>=<junit.xml>:<exit status>, got ${arg}`);
  return { label, ...read(file, status) };
});
for (const run of runs) process.stdout.write(`${run.label}: ${line(run.counts)}${run.note}\n`);
const total = runs.reduce((t, r) => ({ passed: t.passed + r.counts.passed, failed: t.failed + r.counts.failed, skipped: t.skipped + r.counts.skipped }), { passed: 0, failed: 0, skipped: 0 });
process.stdout.write(`${line(total)}\n`);
