// The nightly's memory (docs/staging.md, "The history"):
//   record  a run's reports (results.json, latency.json, manifest.json) into a history folder
//   push    the same onto a git branch (nightly-history), retrying when another night raced it
//   judge   the last night against those before it: each test new failure, still failing,
//           flaky, fixed or healthy; an outage; the quarantine's news. Prints the verdicts,
//           writes the trends page, the verdict as JSON and the nightly issue's words, and
//           exits 1 when the night fails (a failure outside quarantine, an expired
//           entry, an outage). Its nights come from a store, or from Playwright JSON
//           reports given as arguments, each a night.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../config/paths.js';
import { readBudgets, type Trend } from '../latency/compare.js';
import { cli, wholeNumber } from '../lib/cli.js';
import { textTable } from '../lib/table.js';
import { isOutage, judge, type Judgement } from './classify.js';
import { pushNight } from './git-store.js';
import { failureText, ISSUE_TITLE, passedText } from './issue.js';
import { nightOf, readJson, type Night } from './night.js';
import { pageData, trendsPage } from './page.js';
import { QuarantineError, readQuarantine } from './quarantine.js';
import { KEEP_NIGHTS, readNights, writeNight } from './store.js';

const args = cli({
  command: 'npm run history --',
  summary: "Keeps the nightly's results night over night, and judges the last night against the ones before it.",
  positionals: { usage: 'record <reports dir> | push <reports dir> | judge [<results.json> ...]', min: 1 },
  options: {
    store: { type: 'string', value: 'dir', description: 'record, judge: the history folder' },
    keep: { type: 'string', default: String(KEEP_NIGHTS), value: 'n', description: 'record, push: the nights kept (the oldest go)' },
    repo: { type: 'string', default: '.', value: 'dir', description: "push: the git repository whose origin holds the branch" },
    branch: { type: 'string', default: 'nightly-history', value: 'name', description: 'push: the branch' },
    quarantine: { type: 'string', default: path.join(ROOT, 'quarantine.json'), value: 'file', description: 'judge: the quarantine' },
    budgets: { type: 'string', default: path.join(ROOT, 'latency-budgets.json'), value: 'file', description: "judge: the latency budgets drawn on the trends page" },
    page: { type: 'string', value: 'file', description: 'judge: write the trends page here (one HTML file that works offline)' },
    json: { type: 'string', value: 'file', description: 'judge: write the verdicts here' },
    issue: { type: 'string', value: 'dir', description: "judge: write the nightly issue's words here (title.txt, failure.md, passed.md)" },
    'run-url': { type: 'string', value: 'url', description: 'judge --issue: the run' },
    'report-url': { type: 'string', value: 'url', description: "judge --issue: tonight's HTML report" },
    'latency-trend': { type: 'string', value: 'file', description: 'judge --issue: the latency trend (npm run latency --json), for what is over budget' },
    'failed-step': { type: 'string', multiple: true, value: 'text', description: 'judge --issue: a step of the workflow that failed; repeatable' },
    now: { type: 'string', value: 'YYYY-MM-DD', description: 'judge: the day quarantine expiries are judged on (default today)' },
    tonight: { type: 'string', value: 'results.json', description: "judge: tonight's report, judged against the store even where it did not reach it; missing, the night fails as one that left no report" },
  },
  examples: [
    'npm run history -- record reports --store ../history',
    'npm run history -- judge --store ../history --page reports/trends.html',
    'npm run history -- judge run-*/results.json --page trends.html',
  ],
});
const { values } = args;
const [command, ...inputs] = args.positionals;
const keep = wholeNumber(args, '--keep', values.keep);
const log = (line: string) => process.stderr.write(`[history] ${line}\n`);

/** A night from a reports folder (results.json, and latency.json and manifest.json when there). */
function nightOfReports(dir: string): Night {
  const results = path.join(dir, 'results.json');
  if (!existsSync(results)) args.fail(`${results}: no such file (a reports folder of a run, or a Playwright JSON report)`);
  return nightOfResults(results);
}

/** A night from a Playwright JSON report; its run id from the manifest or latency.json beside it, else its folder's name. */
function nightOfResults(file: string): Night {
  if (!existsSync(file)) args.fail(`${file}: no such file`);
  const dir = path.dirname(file);
  const latencyFile = path.join(dir, 'latency.json');
  const latency = existsSync(latencyFile) ? readJson<{ runId?: string; operations: Record<string, { count: number; p50: number; p95: number; max: number }> }>(latencyFile) : undefined;
  const manifestFile = path.join(dir, 'manifest.json');
  const runId = (existsSync(manifestFile) ? readJson<{ runId?: string }>(manifestFile).runId : undefined) ?? latency?.runId ?? path.basename(path.resolve(dir));
  return nightOf(readJson(file), { runId, latency });
}

async function main(): Promise<number> {
  switch (command) {
    case 'record': {
      if (inputs.length !== 1 || !values.store) args.fail('record takes one reports folder and --store <dir>');
      const { file, removed } = writeNight(values.store!, nightOfReports(inputs[0]!), keep);
      log(`recorded ${path.relative(process.cwd(), file)}${removed.length ? `; ${removed.length} older nights removed (keeping ${keep})` : ''}`);
      return 0;
    }
    case 'push': {
      if (inputs.length !== 1) args.fail('push takes one reports folder');
      const night = nightOfReports(inputs[0]!);
      const pushed = await pushNight(values.repo, values.branch, night, { keep, log });
      log(`night ${night.runId} pushed to ${values.branch} as ${pushed.commit.slice(0, 10)} (attempt ${pushed.attempts})`);
      return 0;
    }
    case 'judge':
      return judgeCommand();
    default:
      return args.fail(`unknown command ${JSON.stringify(command)}: record, push or judge`);
  }
}

function judgeCommand(): number {
  if (!values.store && inputs.length === 0 && !values.tonight) args.fail('judge needs --store <dir>, --tonight <results.json> or Playwright JSON reports');
  if (values.tonight && !existsSync(values.tonight)) {
    log(`${values.tonight}: no report tonight: the suite did not run to its end`);
    writeIssue(undefined);
    return 1;
  }
  // A night given as a report and also in the store (pushed before judging) counts once.
  const given = [...inputs, ...(values.tonight ? [values.tonight] : [])].map(nightOfResults);
  const stored = values.store ? readNights(values.store) : [];
  const nights = [...new Map([...stored, ...given].map((n) => [`${n.time} ${n.runId}`, n])).values()].sort((a, b) => a.time.localeCompare(b.time));
  if (nights.length === 0) args.fail('no night to judge: the history is empty');
  const now = values.now ? new Date(`${values.now}T12:00:00Z`) : new Date();
  if (Number.isNaN(now.getTime())) args.fail(`--now ${JSON.stringify(values.now)}: expected YYYY-MM-DD`);
  let quarantine;
  try {
    quarantine = readQuarantine(values.quarantine);
  } catch (err) {
    if (!(err instanceof QuarantineError)) throw err;
    log(err.message);
    return 1;
  }
  const judgement = judge(nights, quarantine, now);
  process.stdout.write(summary(judgement));

  if (values.page) {
    const budgets = readBudgets(values.budgets);
    const page = trendsPage(pageData(nights, { budgetOf: (op) => budgets.operations[op] ?? budgets.defaultP95Ms, quarantine, judgement, outage: (n) => isOutage(n) !== undefined, now }));
    mkdirSync(path.dirname(path.resolve(values.page)), { recursive: true });
    writeFileSync(values.page, page);
    log(`trends page: ${values.page}`);
  }
  if (values.json) writeFileSync(values.json, `${JSON.stringify(judgement, null, 2)}\n`);
  writeIssue(judgement);
  return judgement.fails ? 1 : 0;
}

/** The nightly issue's words, with --issue (judgement: undefined when tonight left no report). */
function writeIssue(judgement: Judgement | undefined): void {
  if (!values.issue) return;
  const [runUrl, reportUrl] = [values['run-url'], values['report-url']];
  if (!runUrl || !reportUrl) args.fail('--issue needs --run-url and --report-url');
  const trend = values['latency-trend'] && existsSync(values['latency-trend']) ? readJson<Trend>(values['latency-trend']) : undefined;
  mkdirSync(values.issue, { recursive: true });
  writeFileSync(path.join(values.issue, 'title.txt'), `${ISSUE_TITLE}\n`);
  writeFileSync(path.join(values.issue, 'failure.md'), failureText({ judgement, trend, failedSteps: values['failed-step'] ?? [], runUrl: runUrl!, reportUrl: reportUrl! }));
  writeFileSync(path.join(values.issue, 'passed.md'), passedText({ runUrl: runUrl!, reportUrl: reportUrl! }));
}

function summary(j: Judgement): string {
  const count = (v: string) => j.tests.filter((t) => t.verdict === v).length;
  const lines = [
    `night ${j.night.runId} (${j.night.time}), against ${j.nightsBefore} night${j.nightsBefore === 1 ? '' : 's'} before it: ` +
      `${count('new failure')} new failures, ${count('still failing')} still failing, ${count('flaky')} flaky, ${count('fixed')} fixed, ${count('healthy')} healthy` +
      (j.outage ? `; OUTAGE: ${j.outage.failed} of ${j.outage.ran} tests failed at once` : ''),
  ];
  const rows = j.tests.filter((t) => t.verdict !== 'healthy').map((t) => [t.verdict, t.test.id, t.quarantine ? `quarantined (${t.quarantine.owner})` : '', t.test.error ?? '']);
  if (rows.length > 0) lines.push(textTable(['verdict', 'test', 'quarantine', 'error'], rows));
  for (const e of j.quarantine.expired) lines.push(`quarantine expired on ${e.expires}: ${e.test} (owner ${e.owner}, ${e.issue})`);
  for (const e of j.quarantine.ready) lines.push(`ready to be let out of quarantine: ${e.test} (owner ${e.owner})`);
  for (const e of j.quarantine.unknown) lines.push(`in quarantine but not run tonight (renamed or removed?): ${e.test}`);
  lines.push(j.fails ? 'the night FAILS' : 'the night passes');
  return `${lines.join('\n')}\n`;
}

process.exitCode = await main();
