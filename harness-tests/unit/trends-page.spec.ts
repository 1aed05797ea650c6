import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from '@playwright/test';
import { isOutage, judge } from '../../scripts/history/classify.js';
import { nightOf, type Night } from '../../scripts/history/night.js';
import { pageData, trendsPage } from '../../scripts/history/page.js';
import type { QuarantineEntry } from '../../scripts/history/quarantine.js';
import { expect, test } from '../fixtures.js';
import { jsonReport, type PlannedTest } from '../history-nights.js';

// The trends page, looked at as a person would: built from a history of five nights whose
// numbers are known, opened in Debian's chromium (no browser download), and read back from
// the charts' own legends, hovering each night in turn.

const BROWSER = '/usr/bin/chromium';
const DAY = 24 * 60 * 60 * 1000;
const T0 = Date.UTC(2026, 10, 20, 3, 17);

/** Night n: 4 tests; `failed` of them fail, one is flaky on night 3; GET /cart's p95 climbs past its budget. */
function night(n: number, failed: number): Night {
  const tests: PlannedTest[] = ['a', 'b', 'c', 'd'].map((t, i) => ({
    file: 'api/cart.spec.ts',
    describe: 'cart',
    title: `test ${t}`,
    outcome: i < failed ? 'failed' : n === 3 && i === 3 ? 'flaky' : 'passed',
    durationMs: 100 * (i + 1) + 10 * n,
  }));
  return nightOf(jsonReport(tests, new Date(T0 + (n - 1) * DAY)) as Parameters<typeof nightOf>[0], {
    runId: `night${n}`,
    latency: { operations: { 'GET /cart': { count: 30, p50: 20 * n, p95: 150 * n, max: 200 * n } } },
  });
}

const FAILED = [0, 1, 0, 2, 0];
/** Night 3's last test passes on its retry. */
const FLAKY = [0, 0, 1, 0, 0];
const nights = FAILED.map((failed, i) => night(i + 1, failed));
const quarantine: QuarantineEntry[] = [
  { test: 'api/cart.spec.ts › cart › test a', owner: '@ben', issue: '#7', reason: 'races the cache', added: '2026-11-20', expires: '2026-11-23' },
];

test('the trends page shows the history it was built from, in a real browser', async ({}, testInfo) => {
  test.skip(!existsSync(BROWSER), `needs Debian's chromium at ${BROWSER} (apt-get install chromium)`);
  const now = new Date(T0 + 4 * DAY);
  const data = pageData(nights, { budgetOf: () => 500, quarantine, judgement: judge(nights, quarantine, now), outage: (n) => isOutage(n) !== undefined, now });
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'trends-')), 'trends.html');
  writeFileSync(file, trendsPage(data));

  const browser = await chromium.launch({
    executablePath: BROWSER,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 1400 } });
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(pathToFileURL(file).href);
    await expect(page.locator('#outcomes .u-legend')).toBeVisible();

    /** The legend of a chart with the cursor on night i (0-based): label -> shown value. */
    const legendAt = (chart: string, i: number): Promise<Record<string, string | null>> =>
      page.evaluate(([name, index]): Record<string, string | null> => {
        // In the page: its charts are uPlot instances the page keeps in window.charts.
        type Cell = { textContent: string | null; querySelector: (s: string) => Cell };
        const charts = (globalThis as unknown as { charts: Record<string, unknown> }).charts;
        const u = (name.includes('/') ? (charts.operations as Record<string, unknown>)[name] : charts[name]) as {
          root: { querySelectorAll: (s: string) => ArrayLike<Cell> & Iterable<Cell> };
          data: number[][];
          valToPos: (v: number, scale: string) => number;
          setCursor: (c: { left: number; top: number }) => void;
        };
        u.setCursor({ left: u.valToPos(u.data[0]![index]!, 'x'), top: 10 });
        return Object.fromEntries([...u.root.querySelectorAll('.u-legend .u-series')].slice(1).map((row) => [row.querySelector('.u-label').textContent ?? '', row.querySelector('.u-value').textContent]));
      }, [chart, i] as const);

    await test.step('passed, failed and flaky tests per night', async () => {
      for (const [i, failed] of FAILED.entries()) {
        expect(await legendAt('outcomes', i), `night ${i + 1}`).toEqual({ passed: String(4 - failed - FLAKY[i]!), failed: String(failed), flaky: String(FLAKY[i]) });
      }
    });

    await test.step('p50 and p95 of each operation per night, with its budget drawn in', async () => {
      for (const i of [0, 4]) expect(await legendAt('GET /cart', i)).toEqual({ p50: String(20 * (i + 1)), p95: String(150 * (i + 1)), budget: '500' });
    });

    await test.step('the slowest tests of the last night, over the nights', async () => {
      expect(Object.keys(await legendAt('slowest', 4))[0]).toBe('api/cart.spec.ts › cart › test d');
      expect((await legendAt('slowest', 4))['api/cart.spec.ts › cart › test d']).toBe(String(400 + 50));
    });

    await test.step('the quarantine with its expiry, and the last night\'s verdicts', async () => {
      await expect(page.locator('#quarantine tr.expired td')).toHaveText(['api/cart.spec.ts › cart › test a', '@ben', '#7', 'races the cache', '2026-11-20', '2026-11-23 (expired)']);
      await expect(page.locator('#verdicts')).toContainText('fixed');
    });

    expect(requests.filter((url) => !url.startsWith('file:')), 'nothing is fetched from the network').toEqual([]);
    await testInfo.attach('the trends page', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
  } finally {
    await browser.close();
  }
});
