import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Judgement } from './classify.js';
import type { Night } from './night.js';
import type { QuarantineEntry } from './quarantine.js';

// The trends page: one static HTML file that works offline (uPlot, its script and style
// inlined; the data in the page), built from the history and uploaded with the report.
// Pass, fail and flaky counts per night; the slowest tests over the nights; p50 and p95
// per operation with its budget drawn in; the quarantine and its expiries; tonight's
// verdicts. No script or font is fetched from anywhere.

/** The tests shown in the slowest-tests chart. */
const SLOWEST = 8;

export interface PageData {
  nights: { runId: string; time: number; passed: number; failed: number; flaky: number; skipped: number; outage: boolean }[];
  slowest: { id: string; durations: (number | null)[] }[];
  operations: { operation: string; budgetMs: number; p50: (number | null)[]; p95: (number | null)[] }[];
  quarantine: (QuarantineEntry & { expired: boolean })[];
  verdicts: { id: string; verdict: string; detail: string }[];
}

export function pageData(nights: Night[], options: { budgetOf: (operation: string) => number; quarantine: QuarantineEntry[]; judgement?: Judgement | undefined; outage: (night: Night) => boolean; now?: Date }): PageData {
  const last = nights.at(-1);
  const count = (n: Night, status: string) => n.tests.filter((t) => t.status === status).length;
  const durationOf = (n: Night, id: string) => n.tests.find((t) => t.id === id && t.status !== 'skipped')?.durationMs ?? null;
  const slowestIds = [...(last?.tests ?? [])].filter((t) => t.status !== 'skipped').sort((a, b) => b.durationMs - a.durationMs).slice(0, SLOWEST).map((t) => t.id);
  const operations = [...new Set(nights.flatMap((n) => n.latency.map((l) => l.operation)))].sort();
  const now = options.now ?? new Date();
  return {
    nights: nights.map((n) => ({
      runId: n.runId,
      time: Math.floor(Date.parse(n.time) / 1000),
      passed: count(n, 'passed'),
      failed: count(n, 'failed'),
      flaky: count(n, 'flaky'),
      skipped: count(n, 'skipped'),
      outage: options.outage(n),
    })),
    slowest: slowestIds.map((id) => ({ id, durations: nights.map((n) => durationOf(n, id)) })),
    operations: operations.map((operation) => ({
      operation,
      budgetMs: options.budgetOf(operation),
      p50: nights.map((n) => n.latency.find((l) => l.operation === operation)?.p50 ?? null),
      p95: nights.map((n) => n.latency.find((l) => l.operation === operation)?.p95 ?? null),
    })),
    quarantine: options.quarantine.map((e) => ({ ...e, expired: now.toISOString().slice(0, 10) > e.expires })),
    verdicts: (options.judgement?.tests ?? [])
      .filter((j) => j.verdict !== 'healthy')
      .map((j) => ({ id: j.test.id, verdict: j.verdict, detail: j.verdict === 'still failing' ? `${j.failingNights} nights` : j.verdict === 'flaky' ? `${j.flips ?? 0} changes` : '' })),
  };
}

const require = createRequire(import.meta.url);
const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** JSON that is safe inside a <script> element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

export function trendsPage(data: PageData, title = 'shop-api nightly: trends'): string {
  const uplotJs = readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8');
  const uplotCss = readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8');
  const last = data.nights.at(-1);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title>
<style>${uplotCss}</style>
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #1f2328; }
  h1 { font-size: 20px; } h2 { font-size: 16px; margin-top: 32px; }
  .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(360px, 1fr)); gap: 16px; }
  table { border-collapse: collapse; } td, th { border: 1px solid #d0d7de; padding: 4px 8px; text-align: left; }
  .expired { color: #cf222e; font-weight: 600; } .note { color: #59636e; }
</style>
</head>
<body>
<h1>${escape(title)}</h1>
<p class="note">${data.nights.length} nights${last ? `, the last ${escape(new Date(last.time * 1000).toISOString())} (run ${escape(last.runId)})` : ''}. Hover a chart for a night's numbers.</p>
<h2>Tests per night</h2>
<div id="outcomes"></div>
<h2>The slowest tests of the last night, over the nights (ms)</h2>
<div id="slowest"></div>
<h2>Latency per operation (ms): p50, p95, and its budget</h2>
<div class="grid" id="operations"></div>
<h2>Quarantine</h2>
<div id="quarantine"></div>
<h2>The last night's verdicts (all other tests healthy)</h2>
<div id="verdicts"></div>
<script>${uplotJs}</script>
<script>
const data = ${scriptJson(data)};
window.trends = data;
const times = data.nights.map((n) => n.time);
const colors = ['#1a7f37', '#cf222e', '#bf8700', '#0969da', '#8250df', '#57606a', '#bc4c00', '#1b7c83'];
const width = (el) => Math.max(320, el.clientWidth || 900);
function chart(el, title, series, values, height = 260) {
  return new uPlot({ title, width: width(el), height, scales: { x: { time: true } }, series: [{}, ...series], axes: [{}, { size: 60 }] }, [times, ...values], el);
}
window.charts = {};
const outcomes = document.getElementById('outcomes');
window.charts.outcomes = chart(outcomes, 'passed, failed and flaky tests', [
  { label: 'passed', stroke: colors[0], width: 2 },
  { label: 'failed', stroke: colors[1], width: 2 },
  { label: 'flaky', stroke: colors[2], width: 2 },
], [data.nights.map((n) => n.passed), data.nights.map((n) => n.failed), data.nights.map((n) => n.flaky)]);
const slowest = document.getElementById('slowest');
window.charts.slowest = chart(slowest, 'duration (ms)', data.slowest.map((s, i) => ({ label: s.id, stroke: colors[i % colors.length], width: 2 })), data.slowest.map((s) => s.durations), 320);
const operations = document.getElementById('operations');
window.charts.operations = {};
for (const op of data.operations) {
  const el = document.createElement('div');
  el.className = 'operation';
  el.dataset.operation = op.operation;
  operations.appendChild(el);
  window.charts.operations[op.operation] = chart(el, op.operation, [
    { label: 'p50', stroke: colors[3], width: 2 },
    { label: 'p95', stroke: colors[4], width: 2 },
    { label: 'budget', stroke: colors[1], dash: [6, 4], width: 1 },
  ], [op.p50, op.p95, data.nights.map(() => op.budgetMs)], 200);
}
const table = (rows, header) => '<table><tr>' + header.map((h) => '<th>' + h + '</th>').join('') + '</tr>' +
  rows.map((r) => '<tr' + (r.cls ? ' class="' + r.cls + '"' : '') + '>' + r.cells.map((c) => '<td>' + String(c).replace(/&/g, '&amp;').replace(/</g, '&lt;') + '</td>').join('') + '</tr>').join('') + '</table>';
document.getElementById('quarantine').innerHTML = data.quarantine.length === 0 ? '<p class="note">Empty.</p>' :
  table(data.quarantine.map((e) => ({ cls: e.expired ? 'expired' : '', cells: [e.test, e.owner, e.issue, e.reason, e.added, e.expires + (e.expired ? ' (expired)' : '')] })), ['test', 'owner', 'issue', 'reason', 'added', 'expires']);
document.getElementById('verdicts').innerHTML = data.verdicts.length === 0 ? '<p class="note">Every test healthy.</p>' :
  table(data.verdicts.map((v) => ({ cells: [v.verdict, v.id, v.detail] })), ['verdict', 'test', '']);
</script>
</body>
</html>
`;
}
