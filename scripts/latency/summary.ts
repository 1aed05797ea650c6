import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { callLogDir, readCallLogs, type CallRecord } from '../../api-clients/openapi/call-log.js';
import { textTable } from '../lib/table.js';

// A run's latency: per documented operation (method and route template), how many calls
// and their p50, p95 and max, from the times the HTTP layer recorded for every call
// (reports/calls/). The end-of-run project writes it to reports/latency.json.

const Stats = z.object({ count: z.int().positive(), p50: z.number(), p95: z.number(), max: z.number() });
export type Stats = z.infer<typeof Stats>;

export const LatencyReport = z.object({
  runId: z.string(),
  writtenAt: z.iso.datetime(),
  /** Calls to routes the document does not describe (probes of unknown paths): not timed per operation. */
  undocumentedCalls: z.int().nonnegative(),
  operations: z.record(z.string(), Stats),
});
export type LatencyReport = z.infer<typeof LatencyReport>;

/** The nearest-rank percentile of ascending values. */
const percentile = (sorted: number[], p: number): number => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;

export function latencyOf(calls: CallRecord[], runId: string, now = new Date()): LatencyReport {
  const times = new Map<string, number[]>();
  for (const call of calls) if (call.operation) times.set(call.operation, [...(times.get(call.operation) ?? []), call.ms]);
  const operations = Object.fromEntries(
    [...times].sort(([a], [b]) => a.localeCompare(b)).map(([operation, ms]) => {
      const sorted = ms.sort((a, b) => a - b);
      return [operation, { count: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted.at(-1)! }];
    }),
  );
  return { runId, writtenAt: now.toISOString(), undocumentedCalls: calls.filter((c) => !c.operation).length, operations };
}

export function latencyTable(report: LatencyReport): string {
  const rows = Object.entries(report.operations).map(([operation, s]) => [operation, String(s.count), `${s.p50} ms`, `${s.p95} ms`, `${s.max} ms`]);
  return `latency of run ${report.runId}, per operation (${report.undocumentedCalls} calls to undocumented routes not counted):\n${textTable(['operation', 'calls', 'p50', 'p95', 'max'], rows)}\n`;
}

/**
 * A run's latency from a latency.json, or from a reports directory: its latency.json,
 * else what its calls/ hold (a run killed before its end-of-run project).
 */
export function readLatency(file: string): LatencyReport {
  if (!existsSync(file)) throw new Error(`${file}: no such file or directory`);
  if (statSync(file).isDirectory()) {
    const written = path.join(file, 'latency.json');
    if (existsSync(written)) return readLatency(written);
    const calls = readCallLogs(callLogDir(file));
    if (calls.length === 0) throw new Error(`${file} holds neither latency.json nor calls/*.jsonl`);
    return latencyOf(calls, `${path.basename(file)} (from its calls/)`);
  }
  const parsed = LatencyReport.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file} is not a latency.json: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}
