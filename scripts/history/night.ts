import { readFileSync } from 'node:fs';
import { z } from 'zod';

// One night in the history: what the nightly run did, one line per test, plus the latency
// of each operation. Read from Playwright's JSON report (and the run's latency.json), and
// stored as JSON lines (store.ts). Any folder of Playwright JSON reports makes nights too.

export const TestLine = z.object({
  /** Stable across nights: the file and the title path (and the project, when it has a name). */
  id: z.string(),
  /** Playwright's id of the test, for a link into that night's HTML report (#?testId=...). */
  testId: z.string().optional(),
  /** passed, failed (the last attempt failed), flaky (failed, then passed on a retry), skipped. */
  status: z.enum(['passed', 'failed', 'flaky', 'skipped']),
  attempts: z.number().int().nonnegative(),
  /** Of the last attempt. */
  durationMs: z.number().nonnegative(),
  /** The first line of the error, numbers and ids stripped, so that the same failure reads the same every night. */
  error: z.string().optional(),
});
export type TestLine = z.infer<typeof TestLine>;

export const LatencyLine = z.object({ operation: z.string(), count: z.number(), p50: z.number(), p95: z.number(), max: z.number() });
export type LatencyLine = z.infer<typeof LatencyLine>;

export const Night = z.object({
  runId: z.string(),
  /** When the run started (ISO 8601). */
  time: z.string(),
  tests: z.array(TestLine),
  latency: z.array(LatencyLine),
});
export type Night = z.infer<typeof Night>;

/** The first line of an error that says something, without colour codes, numbers or ids: its signature. */
export function errorSignature(message: string | undefined): string | undefined {
  // eslint-disable-next-line no-control-regex
  const line = (message ?? '').replace(/\u001b\[[0-9;]*m/g, '').split('\n').map((l) => l.trim()).find(Boolean);
  if (!line) return undefined;
  return line
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<id>')
    .replace(/\b(?=[0-9a-z]*\d)(?=[0-9a-z]*[a-z])[0-9a-z]{8,}\b/gi, '<id>') // run ids, tokens, hashes
    .replace(/\d+(\.\d+)?/g, '<n>')
    .slice(0, 200);
}

interface JsonSuite {
  title: string;
  suites?: JsonSuite[];
  specs?: { id: string; title: string; file: string; tests: { projectName: string; status: string; results: { duration: number; status: string; errors?: { message?: string }[]; error?: { message?: string } }[] }[] }[];
}
interface JsonReport {
  stats: { startTime: string };
  suites: JsonSuite[];
}

const STATUS: Record<string, TestLine['status']> = { expected: 'passed', unexpected: 'failed', flaky: 'flaky', skipped: 'skipped' };

/** The tests of a Playwright JSON report, one line each. */
export function testsOfReport(report: JsonReport): TestLine[] {
  const lines: TestLine[] = [];
  const walk = (suite: JsonSuite, titles: string[]) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests) {
        const last = test.results.at(-1);
        const failed = [...test.results].reverse().find((r) => r.status !== 'passed' && r.status !== 'skipped');
        const message = failed?.errors?.[0]?.message ?? failed?.error?.message;
        const error = test.status === 'expected' || test.status === 'skipped' ? undefined : errorSignature(message);
        lines.push({
          id: [...(test.projectName ? [`[${test.projectName}]`] : []), spec.file, ...titles, spec.title].join(' › '),
          testId: spec.id,
          status: STATUS[test.status] ?? 'failed',
          attempts: test.results.length,
          durationMs: Math.round(last?.duration ?? 0),
          ...(error ? { error } : {}),
        });
      }
    }
    for (const child of suite.suites ?? []) walk(child, [...titles, child.title]);
  };
  // A file's top suite is titled by the file; the titles below it are describe blocks.
  for (const file of report.suites) walk(file, []);
  return lines;
}

interface LatencyJson {
  runId?: string;
  operations: Record<string, { count: number; p50: number; p95: number; max: number }>;
}

/** A night from a run's JSON report, and its latency.json where there is one. */
export function nightOf(results: JsonReport, options: { runId: string; latency?: LatencyJson | undefined }): Night {
  return Night.parse({
    runId: options.runId,
    time: new Date(results.stats.startTime).toISOString(),
    tests: testsOfReport(results),
    latency: Object.entries(options.latency?.operations ?? {}).map(([operation, s]) => ({ operation, count: s.count, p50: s.p50, p95: s.p95, max: s.max })),
  });
}

export const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;
