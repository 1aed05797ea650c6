// The words of the nightly's failure issue, built from what the run left; the workflow
// only posts them (gh issue). Writes into --out:
//   title.txt   the issue's title (one issue, labelled nightly-failure, while it fails)
//   failure.md  the body of a new issue, or a comment on the open one: the failing tests
//               with their first error line, latency over budget, errors outside tests,
//               steps that failed; links to the run and its report
//   passed.md   the comment that closes it when a later night passes
//   tsx scripts/nightly-issue.ts --results reports/results.json [--latency reports/latency-trend.json]
//       --run-url <url> --report-url <url> [--failed-step <name>]... --out <dir>
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { flagged, type Trend } from './latency/compare.js';
import { markdownTable } from './lib/table.js';

export const ISSUE_TITLE = 'Nightly staging run failing';
const SHOWN = 30;

interface JsonError {
  message?: string;
}
interface JsonSuite {
  title: string;
  suites?: JsonSuite[];
  specs: { title: string; file: string; line: number; tests: { projectName: string; status: string; results: { errors: JsonError[] }[] }[] }[];
}
/** What the issue needs of Playwright's JSON report. */
export interface JsonResults {
  suites: JsonSuite[];
  errors?: JsonError[];
}

export interface FailingTest {
  title: string;
  where: string;
  firstLine: string;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/** The first line of an error that says something, without colour codes. */
export const firstLine = (error: JsonError | undefined): string =>
  (error?.message ?? '(no error message)').replace(ANSI, '').split('\n').map((l) => l.trim()).find(Boolean)?.slice(0, 300) ?? '(empty error message)';

/** Every test whose outcome was unexpected, with the first line of its last attempt's first error. */
export function failingTests(results: JsonResults): FailingTest[] {
  const walk = (suite: JsonSuite, titles: string[]): FailingTest[] => [
    ...suite.specs.flatMap((spec) =>
      spec.tests.filter((t) => t.status === 'unexpected').map((t) => ({
        title: [t.projectName, ...titles, spec.title].join(' › '),
        where: `${spec.file}:${spec.line}`,
        firstLine: firstLine(t.results.at(-1)?.errors[0]),
      }))),
    ...(suite.suites ?? []).flatMap((child) => walk(child, [...titles, child.title])),
  ];
  // The top-level suites are files: their name is in `where`.
  return results.suites.flatMap((file) => walk(file, []));
}

const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;

export interface RunLinks {
  runUrl: string;
  reportUrl: string;
}

export function failureText(input: { results: JsonResults | undefined; trend: Trend | undefined; failedSteps: string[] } & RunLinks): string {
  const { results, trend, failedSteps, runUrl, reportUrl } = input;
  const parts = [
    `**The nightly run against staging failed:** [the run](${runUrl}), and [its report](${reportUrl}) ` +
      '(download and unzip it, then `npx playwright show-report <folder>/html`).',
  ];
  if (!results) {
    parts.push('No test report: the suite did not run to its end. See the failed steps below and the job log.');
  } else {
    const failing = failingTests(results);
    if (failing.length > 0) {
      const rows = failing.slice(0, SHOWN).map((t) => [t.title, t.where, code(t.firstLine)]);
      const more = failing.length > SHOWN ? `\n\n...and ${failing.length - SHOWN} more, in the report.` : '';
      parts.push(`### ${failing.length} failing test${failing.length === 1 ? '' : 's'}\n\n${markdownTable(['test', 'where', 'first error line'], rows)}${more}`);
    }
    const errors = results.errors ?? [];
    if (errors.length > 0) parts.push(`### Errors outside any test\n\n${errors.map((e) => `- ${code(firstLine(e))}`).join('\n')}`);
  }
  const over = trend ? flagged(trend, 'fail') : [];
  if (over.length > 0) {
    const rows = over.map((r) => [r.operation, String(r.after!.count), `${r.after!.p95} ms`, `${r.budgetMs} ms`]);
    parts.push(`### Latency over budget\n\n${markdownTable(['operation', 'calls', 'p95', 'budget'], rows)}\n\nThe whole trend table is in the run's summary.`);
  }
  if (failedSteps.length > 0) parts.push(`### Steps that failed\n\n${failedSteps.map((s) => `- ${s}`).join('\n')}`);
  return `${parts.join('\n\n')}\n`;
}

export const passedText = ({ runUrl, reportUrl }: RunLinks): string =>
  `**The nightly run against staging passed again:** [the run](${runUrl}), [its report](${reportUrl}). Closing.\n`;

function main(): void {
  const { values } = parseArgs({
    options: {
      results: { type: 'string' },
      latency: { type: 'string' },
      'run-url': { type: 'string' },
      'report-url': { type: 'string' },
      'failed-step': { type: 'string', multiple: true, default: [] },
      out: { type: 'string' },
    },
  });
  const [runUrl, reportUrl, out] = [values['run-url'], values['report-url'], values.out];
  if (!runUrl || !reportUrl || !out) throw new Error('--run-url, --report-url and --out are required');
  const read = <T>(file: string | undefined): T | undefined => (file && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : undefined);
  const links = { runUrl, reportUrl };
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, 'title.txt'), `${ISSUE_TITLE}\n`);
  writeFileSync(path.join(out, 'failure.md'), failureText({ ...links, results: read<JsonResults>(values.results), trend: read<Trend>(values.latency), failedSteps: values['failed-step'] }));
  writeFileSync(path.join(out, 'passed.md'), passedText(links));
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) main();
