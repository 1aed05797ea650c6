import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { FullConfig, Reporter, Suite } from '@playwright/test/reporter';
import { ROOT } from '../config/paths.js';
import { domainTotals, type CoverageSummary } from '../runtime/coverage.js';

// Puts the services' coverage into the HTML report: a table of lines, branches and
// functions per source file, attached to the end-of-run check. The services write their
// coverage data only as they exit, in global teardown, which Playwright runs after every
// test and before reporters end; so the table is attached here, in onEnd, and this reporter
// is listed before the HTML reporter, which builds its report in its own onEnd.

export default class ServiceCoverageReporter implements Reporter {
  private suite: Suite | undefined;
  private readonly started = Date.now();

  constructor(private readonly options: { summaryFile: string }) {}

  onBegin(_config: FullConfig, suite: Suite): void {
    this.suite = suite;
  }

  onEnd(): void {
    const { summaryFile } = this.options;
    if (!existsSync(summaryFile) || statSync(summaryFile).mtimeMs < this.started) return; // none written by this run
    const result = this.suite?.allTests().find((t) => t.parent.project()?.name === 'end-of-run')?.results.at(-1);
    if (!result) return;
    result.attachments.push({
      name: 'service coverage (shop-api and payment-provider)',
      contentType: 'text/plain',
      body: Buffer.from(table(JSON.parse(readFileSync(summaryFile, 'utf8')) as CoverageSummary, path.dirname(summaryFile))),
    });
  }

  printsToStdio(): boolean {
    return false;
  }
}

function table(summary: CoverageSummary, dir: string): string {
  type Metric = CoverageSummary[string]['lines'];
  const cell = (m: Metric) => `${Number(m.pct).toFixed(1).padStart(5)} % ${`${m.covered}/${m.total}`.padStart(9)}`;
  const rows = Object.entries(summary).map(([file, m]) => `${cell(m.lines)}  ${cell(m.branches)}  ${cell(m.functions)}  ${file}`);
  const header = `${'lines'.padEnd(17)}  ${'branches'.padEnd(17)}  ${'functions'.padEnd(17)}  file`;
  const domain = domainTotals(summary);
  return (
    `Code of the services reached by this run (the full report, line by line: ${path.relative(ROOT, path.join(dir, 'index.html'))}).\n` +
    `shop-api's domain code (config/domain-code.json): lines ${domain.lines} %, branches ${domain.branches} %, functions ${domain.functions} %.\n\n` +
    `${header}\n${rows.join('\n')}\n`
  );
}
