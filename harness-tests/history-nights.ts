import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

// Nights for the history's tests: Playwright JSON reports (and latency.json beside them),
// written the way a run writes them, with the outcomes a test needs injected.

export type Outcome = 'passed' | 'failed' | 'flaky' | 'skipped';

export interface PlannedTest {
  file: string;
  /** The describe block it is in, if any. */
  describe?: string;
  title: string;
  outcome: Outcome;
  durationMs?: number;
  error?: string;
}

const TO_STATUS: Record<Outcome, string> = { passed: 'expected', failed: 'unexpected', flaky: 'flaky', skipped: 'skipped' };

/** A Playwright JSON report of these tests, started at `startTime`. */
export function jsonReport(tests: PlannedTest[], startTime: Date): unknown {
  const files = [...new Set(tests.map((t) => t.file))];
  return {
    config: {},
    errors: [],
    stats: {
      startTime: startTime.toISOString(),
      duration: 1000,
      expected: tests.filter((t) => t.outcome === 'passed').length,
      unexpected: tests.filter((t) => t.outcome === 'failed').length,
      flaky: tests.filter((t) => t.outcome === 'flaky').length,
      skipped: tests.filter((t) => t.outcome === 'skipped').length,
    },
    suites: files.map((file) => {
      const specsOf = (mine: PlannedTest[]) => mine.map((t, i) => {
        const failure = { status: 'failed', duration: t.durationMs ?? 100, errors: [{ message: t.error ?? 'Error: expect(received).toBe(expected)\n\nExpected: 200\nReceived: 500' }] };
        const pass = { status: 'passed', duration: t.durationMs ?? 100, errors: [] };
        const results = t.outcome === 'passed' ? [pass] : t.outcome === 'skipped' ? [{ status: 'skipped', duration: 0, errors: [] }] : t.outcome === 'flaky' ? [failure, pass] : [failure, failure];
        return { id: `${file.replace(/\W/g, '')}-${t.describe ?? ''}-${i}`, title: t.title, file, line: i + 1, column: 1, tests: [{ projectName: '', status: TO_STATUS[t.outcome], results }] };
      });
      const inFile = tests.filter((t) => t.file === file);
      const describes = [...new Set(inFile.flatMap((t) => (t.describe ? [t.describe] : [])))];
      return {
        title: file,
        file,
        specs: specsOf(inFile.filter((t) => !t.describe)),
        suites: describes.map((title) => ({ title, file, specs: specsOf(inFile.filter((t) => t.describe === title)) })),
      };
    }),
  };
}

/** Writes a run's folder: results.json, and latency.json with these operations' p50 and p95 (ms). */
export function writeRun(dir: string, runId: string, tests: PlannedTest[], startTime: Date, latency: Record<string, { p50: number; p95: number }> = {}): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'results.json'), JSON.stringify(jsonReport(tests, startTime)));
  const operations = Object.fromEntries(Object.entries(latency).map(([op, { p50, p95 }]) => [op, { count: 30, p50, p95, max: p95 + 10 }]));
  writeFileSync(path.join(dir, 'latency.json'), JSON.stringify({ runId, writtenAt: startTime.toISOString(), undocumentedCalls: 0, operations }));
  writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ runId }));
  return dir;
}
