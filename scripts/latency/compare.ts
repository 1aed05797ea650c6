import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { markdownTable, textTable, type Row } from '../lib/table.js';
import type { LatencyReport, Stats } from './summary.js';

// Tonight against the budgets and against an earlier night: one row per operation.
// Breaking a budget FAILS (a budget is a line the team drew on purpose); a regression
// against the earlier night only WARNS (one night of a shared staging is a noisy
// baseline). Neither is judged on fewer than minCount calls, where a p95 is one slow
// call; a regression must also be minDeltaMs slower, so 3 ms -> 7 ms is not one.

export const Budgets = z.strictObject({
  $comment: z.string().optional(),
  /** p95 budget of any operation without one of its own, in ms. */
  defaultP95Ms: z.number().positive(),
  /** p95 budgets by operation ("GET /products/{id}"), in ms. */
  operations: z.record(z.string().regex(/^[A-Z]+ \//, 'expected "METHOD /route/{template}"'), z.number().positive()),
  /** Tonight's p95 this many times the earlier night's is a regression... */
  regressionFactor: z.number().min(1),
  /** ...when it is also at least this many ms slower. */
  regressionMinMs: z.number().nonnegative(),
  /** Operations called fewer times than this (either night) are shown, not judged. */
  minCount: z.int().min(1),
});
export type Budgets = z.infer<typeof Budgets>;

export function readBudgets(file: string): Budgets {
  const parsed = Budgets.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

export type Flag = 'fail' | 'warn';

export interface TrendRow {
  operation: string;
  before: Stats | undefined;
  after: Stats | undefined;
  budgetMs: number;
  /** after / before p95, when both nights called it. */
  ratio: number | undefined;
  verdict: string;
  flag: Flag | undefined;
}

export interface Trend {
  before: string | undefined;
  after: string;
  rows: TrendRow[];
}

function judge(operation: string, before: Stats | undefined, after: Stats | undefined, budgets: Budgets): TrendRow {
  const budgetMs = budgets.operations[operation] ?? budgets.defaultP95Ms;
  const ratio = before && after ? after.p95 / Math.max(before.p95, 1) : undefined;
  const row = { operation, before, after, budgetMs, ratio };
  if (!after) return { ...row, verdict: 'not called tonight', flag: undefined };
  if (after.count < budgets.minCount) return { ...row, verdict: `too few calls to judge (< ${budgets.minCount})`, flag: undefined };
  const over = after.p95 > budgetMs;
  const regressed = before !== undefined && before.count >= budgets.minCount && ratio! >= budgets.regressionFactor && after.p95 - before.p95 >= budgets.regressionMinMs;
  const verdicts = [...(over ? [`over budget (${budgetMs} ms)`] : []), ...(regressed ? [`regressed x${ratio!.toFixed(1)}`] : [])];
  return { ...row, verdict: verdicts.join(', ') || (before ? 'ok' : 'ok (new)'), flag: over ? 'fail' : regressed ? 'warn' : undefined };
}

const RANK = { fail: 0, warn: 1, none: 2 } as const;

/** Tonight (`after`) against the budgets, and against `before` when there is one. */
export function compareLatency(before: LatencyReport | undefined, after: LatencyReport, budgets: Budgets): Trend {
  const operations = [...new Set([...Object.keys(before?.operations ?? {}), ...Object.keys(after.operations)])];
  const rows = operations
    .map((op) => judge(op, before?.operations[op], after.operations[op], budgets))
    .sort((a, b) => RANK[a.flag ?? 'none'] - RANK[b.flag ?? 'none'] || a.operation.localeCompare(b.operation));
  return { before: before?.runId, after: after.runId, rows };
}

const HEADER: Row = ['operation', 'calls', 'p95 before', 'p95 after', 'ratio', 'budget', 'verdict'];
const ms = (stats: Stats | undefined) => (stats ? `${stats.p95} ms` : '-');
const row = (r: TrendRow, mark: (flag: Flag | undefined) => string): Row =>
  [r.operation, String(r.after?.count ?? 0), ms(r.before), ms(r.after), r.ratio === undefined ? '-' : `x${r.ratio.toFixed(2)}`, `${r.budgetMs} ms`, `${mark(r.flag)}${r.verdict}`];

export const flagged = (trend: Trend, flag: Flag) => trend.rows.filter((r) => r.flag === flag);

function headline(trend: Trend): string {
  const [fails, warns] = [flagged(trend, 'fail').length, flagged(trend, 'warn').length];
  const against = trend.before ? `run ${trend.after} against run ${trend.before}` : `run ${trend.after} (no earlier night to compare with: budgets only)`;
  return `Latency trend, ${against}: ${fails} over budget (fail), ${warns} regressed (warn), ${trend.rows.length} operations`;
}

export function trendText(trend: Trend): string {
  return `${headline(trend)}\n${textTable(HEADER, trend.rows.map((r) => row(r, (f) => (f ? `${f.toUpperCase()}: ` : ''))))}\n`;
}

export function trendMarkdown(trend: Trend): string {
  const mark = (f: Flag | undefined) => (f === 'fail' ? '❌ ' : f === 'warn' ? '⚠️ ' : '');
  return `### ${headline(trend)}\n\n${markdownTable(HEADER, trend.rows.map((r) => row(r, mark)))}\n`;
}
