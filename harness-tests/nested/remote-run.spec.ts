import type { Manifest } from '../../config/manifest.js';
import { skuOf } from '../../config/run-marks.js';
import { skipReason, type Capability } from '../../config/capabilities.js';
import { NO_CACHE_REPORTED } from '../../runtime/remote.js';
import { expect, test } from '../fixtures.js';
import { attachOutput, readJsonReport, runSuite, skipReasons, testsOf } from '../run-suite.js';

// Staging-style runs, proven here: the suite's remote target pointed at services this
// test started itself on loopback, with only what a staging deployment gives (BASE_URL
// and admin credentials; no database, no payment provider records). They must pass
// with only capability skips, and leave no user behind that can still log in.

/** The skip reasons a staging run with only BASE_URL and admin credentials shows, for these capabilities. */
function reasons(...names: Capability[]): string[] {
  const staging: Manifest = { runId: 'x', target: 'remote', owned: false, allowDestructive: false, baseUrl: 'http://staging.test', cache: { on: false, why: NO_CACHE_REPORTED } };
  return names.map((name) => skipReason(name, staging)).sort();
}

/** Runs the suite against the stack as a staging deployment would be reached, and reads its JSON report. */
async function remoteRun(stack: { shopApi: { url: string }; admin: { username: string; password: string } }, args: string[], extra: Record<string, string>) {
  const runId = `rm${Date.now().toString(36).slice(-6)}`;
  const run = await runSuite(['--reporter', 'json', ...args], {
    TARGET: 'remote',
    BASE_URL: stack.shopApi.url,
    ADMIN_USERNAME: stack.admin.username,
    ADMIN_PASSWORD: stack.admin.password,
    RUN_ID: runId,
    WORKERS: '1', // see subset-runs.spec.ts: a worker's start-up costs more than it saves here
    ...extra,
  });
  await attachOutput(args, run);
  expect(run.code, run.stderr.slice(-3000)).toBe(0);
  const report = readJsonReport(run.jsonFile);
  return { runId, stats: report.stats, skipReasons: skipReasons(report), tests: testsOf(report) };
}

test.describe('remote target', { tag: '@remote' }, () => {
  // Each runs a part of the suite as a child process.
  test.describe.configure({ timeout: 240_000 });

  test('a staging-style run with ALLOW_DESTRUCTIVE passes, skips only what staging cannot offer, and leaves nothing behind', async ({ shopUnderTest }) => {
    // A slice that meets every capability staging lacks (the database, the provider's
    // records, the cache, a stack of the suite's own) and makes users, products and orders;
    // a folder among them, so that selecting one is proven too.
    const slice = ['tests/api/users.spec.ts', 'tests/api/cache.spec.ts', 'tests/journeys'];

    const run = await test.step('run users, the cache and the journeys with TARGET=remote', () => remoteRun(shopUnderTest.stack, slice, { ALLOW_DESTRUCTIVE: 'true' }));

    await test.step('it passed, skipping only what the target cannot offer', () => {
      expect(run.stats.unexpected).toBe(0);
      expect(run.stats.expected).toBeGreaterThanOrEqual(20);
      expect(run.skipReasons.sort()).toEqual(reasons('database', 'paymentRecords', 'cache', 'ownServices', 'wholeRun'));
    });

    await test.step('nothing the run made is left: no user, no product in the catalogue', async () => {
      const { api, admin } = shopUnderTest;
      expect((await admin.users.list({ q: run.runId })).header('x-total-count')).toBe('0');
      expect((await api.products.list({ q: skuOf(run.runId), limit: 100 })).header('x-total-count')).toBe('0');
    });
  });

  // One run for both claims without ALLOW_DESTRUCTIVE (a child run and a stack cost more
  // than the tests they hold): the products spec and the generated journeys.
  test('without ALLOW_DESTRUCTIVE: browsing and the customer-only generated journeys run on the demo catalogue, whatever adds products skips saying why, and nothing is added or left', async ({ shopUnderTest }) => {
    const run = await test.step('run the products spec and the generated journeys (a small budget) with TARGET=remote', () =>
      remoteRun(shopUnderTest.stack, ['tests/api/products.spec.ts', 'tests/model/'], { MODEL_RUNS: '2', MODEL_STEPS: '30' }));

    await test.step('browsing ran; every test that adds a product was skipped, saying why', () => {
      expect(run.stats.unexpected).toBe(0);
      const products = run.tests.filter((t) => t.file === 'api/products.spec.ts');
      expect(products.filter((t) => t.status === 'expected').length).toBeGreaterThan(0);
      expect(products.filter((t) => t.status === 'skipped').length).toBeGreaterThan(0);
      expect(run.skipReasons.sort()).toEqual(reasons('database', 'destructive', 'wholeRun'));
    });

    await test.step('the customer-only journeys and the user search passed; the shop journeys and the product and order oracles (they make products) were skipped, saying why', () => {
      expect(run.tests.filter((t) => t.file === 'model/journeys.spec.ts').map((t) => t.status).sort()).toEqual(['expected', 'skipped']);
      expect(run.tests.filter((t) => t.file === 'model/queries.spec.ts').map((t) => t.status)).toEqual(['skipped', 'expected', 'skipped']);
    });

    await test.step('nothing is added or left: no product, no user of the run', async () => {
      expect((await shopUnderTest.api.products.list({ q: skuOf(run.runId) })).header('x-total-count')).toBe('0');
      expect((await shopUnderTest.admin.users.list({ q: run.runId })).header('x-total-count')).toBe('0');
    });
  });
});
