import { flagged, type Trend } from '../latency/compare.js';
import { markdownTable } from '../lib/table.js';
import type { Judged, Judgement } from './classify.js';
import type { QuarantineEntry } from './quarantine.js';

// The words of the nightly's issue, in the history's terms: new failures first, then what
// still fails (and for how long), then flaky tests, then the outage line; the quarantine's
// news (expired entries, and tests ready to be let out); latency over budget and the steps
// that failed. The workflow only posts them (gh issue): one open issue, labelled
// nightly-failure, while nights fail.

export const ISSUE_TITLE = 'Nightly staging run failing';
/** At most this many tests per list; the rest are counted. */
const SHOWN = 30;

export interface RunLinks {
  runUrl: string;
  /** Tonight's HTML report; a test's link adds #?testId=... (the report opens on that test). */
  reportUrl: string;
}

const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const linkTo = (j: Judged, links: RunLinks) => (j.test.testId ? `[${j.test.id}](${links.reportUrl}#?testId=${j.test.testId})` : j.test.id);

function section(title: string, judged: Judged[], links: RunLinks, detail: (j: Judged) => string): string | undefined {
  if (judged.length === 0) return undefined;
  const lines = judged.slice(0, SHOWN).map((j) => `- ${linkTo(j, links)}${detail(j)}`);
  const more = judged.length > SHOWN ? `\n- ...and ${judged.length - SHOWN} more, in the report` : '';
  return `### ${title} (${judged.length})\n\n${lines.join('\n')}${more}`;
}

const errorOf = (j: Judged) => (j.test.error ? `: ${code(j.test.error)}` : '');
const entryLine = (e: QuarantineEntry) => `- ${e.test}: owner ${e.owner}, ${e.issue}, added ${e.added}, expires ${e.expires} (${e.reason})`;

export function failureText(input: { judgement: Judgement | undefined; trend: Trend | undefined; failedSteps: string[] } & RunLinks): string {
  const { judgement, trend, failedSteps, ...links } = input;
  const parts = [
    `**The nightly run against staging failed:** [the run](${links.runUrl}), and [its report](${links.reportUrl}) ` +
      '(download and unzip it, then `npx playwright show-report <folder>/html`; a test\'s link opens the report on it).',
  ];
  if (!judgement) {
    parts.push('No test report: the suite did not run to its end. See the failed steps below and the job log.');
  } else {
    const { tests, outage } = judgement;
    const outside = (verdict: Judged['verdict']) => tests.filter((j) => j.verdict === verdict && !j.quarantine);
    // An outage is one line: listing every test that failed with staging down says nothing more.
    if (!outage) {
      parts.push(
        ...[
          section('New failures', outside('new failure'), links, errorOf),
          section('Still failing', outside('still failing'), links, (j) => ` (${plural(j.failingNights ?? 2, 'night')} in a row)${errorOf(j)}`),
        ].filter((s): s is string => s !== undefined),
      );
    }
    const flaky = section('Flaky', outside('flaky'), links, (j) => (j.test.status === 'flaky' ? ` (passed on retry ${j.test.attempts - 1})` : ` (changed ${plural(j.flips ?? 0, 'time')} in the last nights)`));
    if (flaky) parts.push(flaky);
    if (outage) parts.push(`### Outage\n\n**Staging was down:** ${outage.failed} of the ${outage.ran} tests that ran failed at once. They are not listed one by one, and this night does not count against them in the history.`);
    const q = judgement.quarantine;
    if (q.expired.length > 0) parts.push(`### Quarantine expired (fails the night)\n\n${q.expired.map(entryLine).join('\n')}\n\nFix the test or extend the entry in quarantine.json, by pull request.`);
    if (q.ready.length > 0) parts.push(`### Ready to be let out of quarantine\n\n${q.ready.map(entryLine).join('\n')}`);
    if (q.held.length > 0) parts.push(`### In quarantine, failed or flaky tonight (not failing the night)\n\n${q.held.map((j) => `- ${linkTo(j, links)}${errorOf(j)} (owner ${j.quarantine!.owner})`).join('\n')}`);
  }
  const over = trend ? flagged(trend, 'fail') : [];
  if (over.length > 0) {
    const rows = over.map((r) => [r.operation, String(r.after!.count), `${r.after!.p95} ms`, `${r.budgetMs} ms`]);
    parts.push(`### Latency over budget\n\n${markdownTable(['operation', 'calls', 'p95', 'budget'], rows)}\n\nThe whole trend table is in the run's summary, the nights' trend on the trends page.`);
  }
  if (failedSteps.length > 0) parts.push(`### Steps that failed\n\n${failedSteps.map((s) => `- ${s}`).join('\n')}`);
  return `${parts.join('\n\n')}\n`;
}

export const passedText = ({ runUrl, reportUrl }: RunLinks): string =>
  `**The nightly run against staging passed again:** [the run](${runUrl}), [its report](${reportUrl}). Closing.\n`;
