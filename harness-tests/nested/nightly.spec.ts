import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ensureOk } from '../../api-clients/index.js';
import { callLogDir, readCallLogs } from '../../api-clients/openapi/call-log.js';
import { addressMark, newRunId } from '../../config/run-marks.js';
import { expect, test } from '../fixtures.js';
import { errorSignature } from '../../scripts/history/night.js';
import type { Trend } from '../../scripts/latency/compare.js';
import { readJsonReport, runScript, startSuite, testsOf, type StartedSuite } from '../run-suite.js';
import { startStagingProxy } from './staging-proxy.js';

// Two nights of the nightly workflow, played against a loopback "staging": services this
// test started, reached only through a proxy as the remote target, as CI reaches staging.
// Night 1 is killed with SIGKILL mid-run and leaves users, products and a pending order
// behind; the sweep removes them. Night 2 is slow on one route and broken on another: the
// latency trend flags that route alone, and the failure issue names what failed.

/**
 * A small selection that signs up customers, and adds products in most tests: more of
 * those than night 1's two workers can hold at once, so night 1 is still running when
 * it is killed.
 */
const SELECTION = ['tests/api/cart.spec.ts'];
const SLOW = 'GET /cart';
const BROKEN = 'PATCH /cart/items/{id}';
/** The slow route's delay, and thresholds only a delay of seconds can cross: machine speed decides nothing. */
const DELAY_MS = 3_000;
const BUDGETS = { defaultP95Ms: 2_000, operations: {}, regressionFactor: 2, regressionMinMs: 2_000, minCount: 3 };

test.describe('the nightly, two nights on a loopback staging', { tag: '@remote' }, () => {
  // Two runs of the suite as child processes, and the scripts of the workflow: well under
  // a minute on an idle machine, several on a busy one. A bound for a hang, with room for
  // a busy machine, not a speed claim.
  test.describe.configure({ timeout: 600_000 });

  test('night 1 killed mid-run is swept clean; night 2, slow on one route, is flagged on it alone, and its failure issue says what failed', async ({ ownShopUnderTest }) => {
    const { api, admin, stack } = ownShopUnderTest;
    const proxy = await startStagingProxy(stack.shopApi.url);
    const staging = { BASE_URL: proxy.url, ADMIN_USERNAME: stack.admin.username, ADMIN_PASSWORD: stack.admin.password };
    const suiteEnv = { ...staging, TARGET: 'remote', ALLOW_DESTRUCTIVE: 'true', WORKERS: '2' };
    let night1Run: StartedSuite | undefined;
    try {
      const night1 = newRunId();
      const ofNight1 = async () => ({
        users: ensureOk(await admin.users.list({ q: night1, limit: 100 })),
        products: ensureOk(await api.products.list({ q: night1, limit: 100 })),
      });

      const left = await test.step('night 1: killed with SIGKILL mid-run, while its tests are cleaning up what they made', async () => {
        // The proxy holds the product deletions that begin a test's clean-up, so the kill
        // lands while tests' users and products exist (a kill timed by the clock could land
        // between tests, with nothing left). The first held ones are failed, so that their
        // tests end and write their calls: night 1's latency.
        proxy.hold('DELETE /products/{id}');
        const run = startSuite(['--reporter', 'dot', ...SELECTION], { ...suiteEnv, RUN_ID: night1 }, { jsonToFile: false, ownProcessGroup: true });
        night1Run = run;
        await expect.poll(midRun(run, () => proxy.holding() > 0), { message: 'a test of night 1 is cleaning up', timeout: 120_000 }).toBe(true);
        proxy.failHeld();
        // Tests with products are still to come, and hold again: the run cannot end here.
        await expect.poll(midRun(run, () => readCallLogs(callLogDir(run.reportsDir)).length > 0), { message: 'tests of night 1 wrote their calls', timeout: 60_000 }).toBe(true);
        run.killAll('SIGKILL');
        await run.done;
        proxy.forwardAll();
        const found = await ofNight1();
        expect(found.users.length, 'users of night 1 are left').toBeGreaterThan(0);
        expect(found.products.length, 'products of night 1 are left').toBeGreaterThan(0);
        return { ...found, reportsDir: run.reportsDir };
      });

      const planted = await test.step('and an order of night 1 still pending (its payment in flight when the run died)', async () => {
        const account = { username: `planted_${night1}zx1`, email: `planted_${night1}@example.test`, password: 'planted-password-1' };
        ensureOk(await api.auth.register(account));
        const buyer = api.as(ensureOk(await api.auth.login(account.username, account.password)).access_token);
        ensureOk(await buyer.cart.add(ensureOk(await api.products.list({ limit: 1 }))[0]!.id, 1));
        const order = ensureOk(await buyer.orders.checkout({ shipping_address: `1 Loopback Lane ${addressMark(night1)}`, payment_method: 'credit_card', card_token: 'tok_held' }));
        return { account, order };
      });

      await test.step('the sweep keeps what is younger than its age, even with --apply', async () => {
        const sweep = await runScript('scripts/staging-sweep/main.ts', ['--older-than', '1h', '--apply'], staging);
        const count = left.users.length + left.products.length + 2; // the planted user and order
        expect(sweep.code, sweep.stderr).toBe(0);
        expect(sweep.stdout).toContain(`${count} leftovers of 1 run; 0 older than 1 h: 0 done, 0 failed`);
        expect((await ofNight1()).users).toHaveLength(left.users.length + 1);
      });

      await test.step('the sweep, older than 0s: no user of night 1 can log in, no product of it is in the catalogue, its order is cancelled', async () => {
        const sweep = await runScript('scripts/staging-sweep/main.ts', ['--older-than', '0s', '--apply'], staging);
        await test.info().attach('sweep output', { body: sweep.stdout + sweep.stderr, contentType: 'text/plain' });
        expect(sweep.code, sweep.stderr).toBe(0);
        for (const user of left.users) expect(sweep.stdout).toMatch(new RegExp(`user +${user.id} +${user.username} .* deleted`));
        for (const product of left.products) expect(sweep.stdout).toMatch(new RegExp(`product +${product.id} +${product.sku} .* archived`));

        expect(await ofNight1()).toEqual({ users: [], products: [] });
        for (const user of left.users) expect((await admin.users.get(user.id)).status, user.username).toBe(404);
        for (const product of left.products) expect((await api.products.get(product.id)).status, product.sku).toBe(404);
        expect((await api.auth.login(planted.account.username, planted.account.password)).status).toBe(401);
        expect(ensureOk(await admin.orders.get(planted.order.id)).status).toBe('cancelled');
        ensureOk(await ownShopUnderTest.paymentProvider.release(planted.order.id)); // the charge that lands now is refunded
      });

      const night2 = await test.step(`night 2: ${SLOW} ${DELAY_MS / 1000} s slower, ${BROKEN} broken`, async () => {
        proxy.slow(SLOW, DELAY_MS);
        proxy.broken(BROKEN);
        // One worker: night 1 needed two (busy enough to be killed mid-run); night 2 only has to end.
        const ended = await startSuite(['--reporter', 'json', ...SELECTION], { ...suiteEnv, WORKERS: '1' }).done;
        expect(ended.code, ended.stderr.slice(-3000)).toBe(1);
        return ended;
      });

      const trendFile = test.info().outputPath('latency-trend.json');

      await test.step('npm run latency, night 1 against night 2: the slow route is flagged, and no other', async () => {
        const budgets = test.info().outputPath('budgets.json');
        writeFileSync(budgets, JSON.stringify(BUDGETS));
        // Night 1 was killed before its end-of-run project: its calls/ stand for it.
        const latency = await runScript('scripts/latency/main.ts', ['--budgets', budgets, '--json', trendFile, left.reportsDir, night2.reportsDir]);
        await test.info().attach('latency trend', { body: latency.stdout + latency.stderr, contentType: 'text/plain' });
        const trend = JSON.parse(readFileSync(trendFile, 'utf8')) as Trend;

        expect(trend.rows.find((r) => r.operation === SLOW)?.after?.count ?? 0, `${SLOW} was called often enough to be judged`).toBeGreaterThanOrEqual(BUDGETS.minCount);
        expect(trend.rows.filter((r) => r.flag).map((r) => [r.operation, r.flag])).toEqual([[SLOW, 'fail']]);
        expect(latency.code, 'over budget fails').toBe(1);
      });

      await test.step('the failure issue of night 2, judged by npm run history: each failing test a new failure with its error, the slow route, the failed step, and links', async () => {
        const links = { run: 'https://github.test/shop/actions/runs/42', report: 'https://github.test/shop/actions/runs/42/artifacts/7' };
        const out = test.info().outputPath('nightly-issue');
        const judged = await runScript('scripts/history/main.ts', [
          'judge', night2.jsonFile, '--issue', out, '--latency-trend', trendFile, '--run-url', links.run, '--report-url', links.report, '--failed-step', 'the suite',
        ]);
        expect(judged.code, `the night fails: ${judged.stderr}`).toBe(1);
        const failure = readFileSync(path.join(out, 'failure.md'), 'utf8');
        await test.info().attach('failure.md', { body: failure, contentType: 'text/markdown' });

        const report = readJsonReport(night2.jsonFile);
        const failing = testsOf(report).filter((t) => t.status === 'unexpected');
        const passing = testsOf(report).filter((t) => t.status === 'expected');
        expect(failing.length, `the tests that change a cart line (${BROKEN}) failed`).toBeGreaterThan(0);
        expect(failure).toContain(`[the run](${links.run})`);
        expect(failure).toContain(`[its report](${links.report})`);
        expect(failure).toContain(`### New failures (${failing.length})`);
        for (const { title, error } of failing) {
          expect(failure).toContain(` › ${title}](${links.report}#?testId=`);
          expect(failure).toContain(errorSignature(error)!);
        }
        for (const { title } of passing) expect(failure).not.toContain(` › ${title}]`);
        expect(failure.split('### Latency over budget')[1]?.split('###')[0]).toContain(`| ${SLOW} |`);
        expect(failure).toContain('- the suite');
        expect(readFileSync(path.join(out, 'passed.md'), 'utf8')).toContain(`[the run](${links.run})`);
      });
    } finally {
      night1Run?.killAll('SIGKILL');
      await proxy.close();
    }
  });
});

/** What a poll of night 1 sees: whether it has reached a point, or that it ended before (a failure, not a wait). */
const midRun = (run: StartedSuite, reached: () => boolean) => () => (run.exited() ? 'night 1 ended before it could be killed' : reached());
