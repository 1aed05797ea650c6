import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isOutage, judge, READY_AFTER } from '../../scripts/history/classify.js';
import { nightOf, readJson } from '../../scripts/history/night.js';
import { readNights, writeNight } from '../../scripts/history/store.js';
import { readQuarantine, type QuarantineEntry } from '../../scripts/history/quarantine.js';
import { expect, test } from '../fixtures.js';
import { writeRun, type PlannedTest } from '../history-nights.js';
import { readJsonReport, runScript, runSuite, testsOf } from '../run-suite.js';

// The nightly's memory, over twelve nights: the first two real, small runs of the suite
// against the loopback staging, recorded by `npm run history -- record`; the other ten
// written from them with what the history must tell apart injected: a flaky test, one that
// breaks and is fixed, one that keeps changing, an outage, a slow test and a slow route,
// and the quarantine's rules. The judgement after each night is checked, and the last
// night is judged by `npm run history -- judge` as the workflow calls it.

const DAY = 24 * 60 * 60 * 1000;

/** The latency of a night: a route that turns slow (past its budget) from night 10 on. */
const slowRoute = (night: number) => ({ 'GET /health': { p50: 3, p95: 5 }, 'GET /openapi.json': { p50: 10, p95: night >= 10 ? 900 : 20 } });

test.describe('the history of the nightly', { tag: '@remote' }, () => {
  test.describe.configure({ timeout: 180_000 });

  test('twelve nights: new failures, still failing, flaky, fixed, an outage, and the quarantine', async ({ shopUnderTest }) => {
    const work = mkdtempSync(path.join(tmpdir(), 'history-'));
    const store = path.join(work, 'store');

    const real = await test.step('nights 1 and 2: two small real runs against the loopback staging, recorded', async () => {
      const runs = [];
      for (const night of [1, 2]) {
        // A small part of the suite, without the end-of-run phase (not what is proven here).
        const run = await runSuite(['tests/api/protocol.spec.ts', '--no-deps', '--reporter', 'dot,json'], { ...shopUnderTest.asDeployment, WORKERS: '1' });
        expect(run.code, run.stderr.slice(-2000)).toBe(0);
        const recorded = await runScript('scripts/history/main.ts', ['record', run.reportsDir, '--store', store]);
        expect(recorded.code, recorded.stderr).toBe(0);
        runs.push(run);
        expect(readNights(store), `night ${night} is in the store`).toHaveLength(night);
      }
      return testsOf(readJsonReport(runs[1]!.jsonFile)).filter((t) => t.file === 'api/protocol.spec.ts' && t.status === 'expected');
    });

    // The rest of the nights, a day apart after the real ones: the same tests, with outcomes injected.
    const second = Date.parse(readNights(store)[1]!.time);
    const at = (night: number) => new Date(second + (night - 2) * DAY);
    const day = (night: number) => at(night).toISOString().slice(0, 10);
    const [flaky, broken, flipper, slow, quarantined] = real.map((t) => `${t.file} › protocol › ${t.title}`);
    const plan = (night: number): PlannedTest[] =>
      real.map((t) => {
        const id = `${t.file} › protocol › ${t.title}`;
        const base: PlannedTest = { file: t.file, describe: 'protocol', title: t.title, outcome: 'passed', durationMs: 50 };
        if (night === 9 && id !== flaky) return { ...base, outcome: 'failed', error: 'Error: connect ECONNREFUSED 10.0.0.7:443' }; // the outage
        if (id === flaky && night === 4) return { ...base, outcome: 'flaky' };
        if (id === broken && night >= 6 && night <= 8) return { ...base, outcome: 'failed', error: `Error: expected 200, got 500 for order ${night * 17}` };
        if (id === flipper && [5, 7, 11].includes(night)) return { ...base, outcome: 'failed' };
        if (id === slow) return { ...base, durationMs: 50 * night };
        if (id === quarantined && night >= 10) return { ...base, outcome: night === 10 ? 'failed' : 'passed' };
        return base;
      });
    // Recorded in this process (the command did the real nights): the same code, without a process each.
    for (let night = 3; night <= 12; night++) {
      const dir = writeRun(path.join(work, `night-${night}`), `night${night}`, plan(night), at(night), slowRoute(night));
      writeNight(store, nightOf(readJson(path.join(dir, 'results.json')), { runId: `night${night}`, latency: readJson(path.join(dir, 'latency.json')) }));
    }
    const nights = readNights(store);
    expect(nights).toHaveLength(12);
    const entry = (overrides: Partial<QuarantineEntry> = {}): QuarantineEntry => ({ test: quarantined!, owner: '@ana', issue: '#42', reason: 'fails when the cache is cold', added: day(9), expires: day(25), ...overrides });
    const upTo = (night: number, quarantine: QuarantineEntry[] = [], now = at(night)) => judge(nights.slice(0, night), quarantine, now);
    const verdictOf = (night: number, id: string, quarantine: QuarantineEntry[] = []) => upTo(night, quarantine).tests.find((j) => j.test.id === id);

    await test.step('a first night, and the real second: every test healthy; a night with no failure passes', () => {
      expect(upTo(2).tests.every((j) => j.verdict === 'healthy')).toBe(true);
      expect(upTo(2).fails).toBe(false);
    });

    await test.step('passed on a retry: flaky, and the night still passes', () => {
      expect(verdictOf(4, flaky!)).toMatchObject({ verdict: 'flaky', test: { status: 'flaky', attempts: 2 } });
      expect(upTo(4).fails).toBe(false);
    });

    await test.step('failed tonight, passed last night: a new failure, with its error signature; the night fails', () => {
      expect(verdictOf(6, broken!)).toMatchObject({ verdict: 'new failure', test: { error: 'Error: expected <n>, got <n> for order <n>' } });
      expect(upTo(6).failing.map((j) => j.test.id)).toEqual([broken]);
      expect(upTo(6).fails).toBe(true);
    });

    await test.step('failed on the nights before too: still failing, and for how long', () => {
      expect(verdictOf(7, broken!)).toMatchObject({ verdict: 'still failing', failingNights: 2 });
      expect(verdictOf(8, broken!)).toMatchObject({ verdict: 'still failing', failingNights: 3 });
    });

    await test.step('most tests failing at once is an outage, one line; the next night looks past it', () => {
      expect(isOutage(nights[8]!)).toEqual({ failed: real.length - 1, ran: real.length });
      expect(upTo(9).outage).toEqual({ failed: real.length - 1, ran: real.length });
      expect(upTo(9).fails).toBe(true);
      expect(verdictOf(10, broken!)).toMatchObject({ verdict: 'fixed' }); // failed on night 8, the last before the outage
    });

    await test.step('a test that keeps changing between passing and failing is flaky, passing or not', () => {
      expect(verdictOf(5, flipper!)).toMatchObject({ verdict: 'new failure' });
      expect(verdictOf(6, flipper!)).toMatchObject({ verdict: 'fixed' });
      expect(verdictOf(7, flipper!), 'failed again: the third change').toMatchObject({ verdict: 'flaky', flips: 3 });
      expect(verdictOf(8, flipper!), 'passing, and still flaky').toMatchObject({ verdict: 'flaky', flips: 4 });
      expect(verdictOf(11, flipper!)).toMatchObject({ verdict: 'flaky' });
    });

    await test.step('quarantine: a failure in it does not fail the night; expired, the entry does, naming its owner; passing, it is ready to be let out', () => {
      const holding = upTo(10, [entry()]);
      expect(holding.failing).toEqual([]);
      expect(holding.quarantine.held.map((j) => [j.test.id, j.quarantine?.owner])).toEqual([[quarantined, '@ana']]);
      expect(holding.fails).toBe(false);
      expect(upTo(10).fails, 'the same night without the entry').toBe(true);

      const expiredEntry = entry({ expires: day(9) });
      expect(upTo(10, [expiredEntry]).quarantine.expired).toEqual([expiredEntry]);
      expect(upTo(10, [expiredEntry]).fails).toBe(true);

      expect(upTo(12, [entry()]).quarantine.ready, `passed the last ${READY_AFTER} nights? not yet (it failed on night 10)`).toEqual([]);
      const later = judge([...nights, ...nights.slice(-1).map((n) => ({ ...n, runId: 'night13', time: at(13).toISOString() }))], [entry()], at(13));
      expect(later.quarantine.ready).toEqual([entry()]);
    });

    await test.step('the quarantine file: capped, each entry whole and short-lived', () => {
      const file = path.join(work, 'quarantine.json');
      const tooMany = Array.from({ length: 11 }, (_, i) => entry({ test: `t${i}` }));
      writeFileSync(file, JSON.stringify({ entries: tooMany }));
      expect(() => readQuarantine(file)).toThrow(/at most 10 tests in quarantine/);
      writeFileSync(file, JSON.stringify({ entries: [entry({ expires: day(9 + 31) })] }));
      expect(() => readQuarantine(file)).toThrow(/at most 30 days/);
      writeFileSync(file, JSON.stringify({ entries: [{ ...entry(), owner: undefined }] }));
      expect(() => readQuarantine(file)).toThrow(/owner/);
      const repository = readQuarantine(path.resolve(import.meta.dirname, '../../quarantine.json'));
      expect(repository.length, "the repository's own quarantine is valid").toBeLessThanOrEqual(10);
    });

    await test.step('npm run history -- judge: the verdicts, the page, and the issue in these terms, new failures first', async () => {
      const quarantine = path.join(work, 'quarantine-night-7.json');
      writeFileSync(quarantine, JSON.stringify({ entries: [entry({ test: flaky!, added: day(3), expires: day(5) })] }));
      const issue = path.join(work, 'issue');
      const links = { run: 'https://github.test/shop/actions/runs/7', report: 'https://github.test/shop/report' };
      // Night 8 alone in a store of its own with the nights before it: broken still failing, flipper flaky.
      const partial = path.join(work, 'store-8');
      for (const night of nights.slice(2, 8)) writeNight(partial, night);
      const judged = await runScript('scripts/history/main.ts', [
        'judge', '--store', partial, '--quarantine', quarantine, '--now', day(8), '--page', path.join(work, 'trends.html'),
        '--issue', issue, '--run-url', links.run, '--report-url', links.report,
      ]);
      await test.info().attach('npm run history -- judge', { body: judged.stdout + judged.stderr, contentType: 'text/plain' });
      expect(judged.code, 'the night fails').toBe(1);
      expect(judged.stdout).toContain('night night8');
      expect(judged.stdout).toContain(`quarantine expired on ${day(5)}: ${flaky} (owner @ana, #42)`);
      const failure = readFileSync(path.join(issue, 'failure.md'), 'utf8');
      await test.info().attach('failure.md', { body: failure, contentType: 'text/markdown' });
      const order = ['### Still failing (1)', '### Flaky (1)', '### Quarantine expired (fails the night)'].map((heading) => failure.indexOf(heading));
      expect(order.every((i) => i >= 0), failure).toBe(true);
      expect([...order].sort((a, b) => a - b)).toEqual(order);
      expect(failure).toContain(`[${broken}](${links.report}#?testId=`);
      expect(failure).toContain('(3 nights in a row)');
      expect(failure).toContain('owner @ana');
      expect(readFileSync(path.join(work, 'trends.html'), 'utf8')).toContain('<script>');
    });
  });
});
