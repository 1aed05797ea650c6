// Compares the latency of two runs: a trend table per operation (p95 before and after,
// their ratio, the budget, a verdict), budgets from latency-budgets.json.
//   npm run latency -- [--budgets <file>] [--markdown <file>] [--json <file>] [<before>] <after>
// <before> and <after> are latency.json files or reports directories; without <before>,
// tonight is judged against the budgets only. The table goes to stdout; --markdown adds
// it to a file as Markdown (a job summary), --json writes the rows (the failure issue).
// Exit 1 when an operation breaks its budget (a regression only warns), 2 on bad input.
import { appendFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../config/paths.js';
import { cli } from '../lib/cli.js';
import { compareLatency, flagged, readBudgets, trendMarkdown, trendText } from './compare.js';
import { readLatency } from './summary.js';

const { values: options, positionals } = cli({
  command: 'npm run latency --',
  summary: 'Compares the latency of two runs per operation (p95 before and after, their ratio, the budget, a verdict), each a latency.json or a reports directory; without <before>, the run is judged against the budgets only. Exit 1 when an operation breaks its budget (a regression only warns).',
  positionals: { usage: '[<before>] <after>', min: 1, max: 2 },
  options: {
    budgets: { type: 'string', default: path.join(ROOT, 'latency-budgets.json'), value: 'file', description: 'the budgets' },
    markdown: { type: 'string', value: 'file', description: 'also append the table to this file, as Markdown (a job summary)' },
    json: { type: 'string', value: 'file', description: 'also write the rows here (the failure issue reads them)' },
  },
  examples: ['npm run latency -- reports/latency.json', 'npm run latency -- previous/latency.json reports/latency.json'],
});

try {
  const [before, after] = positionals.length === 2 ? positionals : [undefined, positionals[0]!];
  const trend = compareLatency(before === undefined ? undefined : readLatency(before), readLatency(after), readBudgets(options.budgets));

  process.stdout.write(trendText(trend));
  if (options.markdown) appendFileSync(options.markdown, trendMarkdown(trend));
  if (options.json) writeFileSync(options.json, `${JSON.stringify(trend, null, 2)}\n`);
  if (process.env.GITHUB_ACTIONS === 'true') {
    // Annotations on the run page, beside the table in the job summary.
    for (const r of flagged(trend, 'fail')) process.stdout.write(`::error title=latency over budget::${r.operation}: p95 ${r.after!.p95} ms, budget ${r.budgetMs} ms\n`);
    for (const r of flagged(trend, 'warn')) process.stdout.write(`::warning title=latency regressed::${r.operation}: p95 ${r.before!.p95} ms -> ${r.after!.p95} ms\n`);
  }
  process.exitCode = flagged(trend, 'fail').length > 0 ? 1 : 0;
} catch (err) {
  process.stderr.write(`[latency] ${(err as Error).message}\n`);
  process.exitCode = 2;
}
