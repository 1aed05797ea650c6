import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureOk, Http, shopApi } from '../../api-clients/index.js';
import { expect, test } from '../../fixtures/index.js';
import { DESTRUCTIVE_SKIP } from '../../fixtures/worker/environment.js';

// Staging-style runs, proven here: the suite's remote target pointed at services this
// test started itself on loopback, with only what a staging deployment gives (BASE_URL
// and admin credentials; no database, no payment provider records). They must pass
// with only capability skips, and leave no user behind that can still log in.

const ROOT = path.resolve(import.meta.dirname, '../..');

const SKIP = {
  addsProducts: 'adds products, which the API cannot delete: set ALLOW_DESTRUCTIVE=true to run it against a shared environment',
  destructive: DESTRUCTIVE_SKIP,
  provider: "needs the payment provider's records, which this target does not expose",
  // The end-of-run invariant (a teardown project, so it always comes along) reads the database.
  database: 'needs direct database access (DATABASE_URL), which this target does not give',
};

interface JsonReport {
  stats: { expected: number; unexpected: number; skipped: number; flaky: number };
  suites: JsonSuite[];
}
interface JsonSuite {
  suites?: JsonSuite[];
  specs: { title: string; tests: { status: string; annotations: { type: string; description?: string }[] }[] }[];
}

function runSuite(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'node_modules/@playwright/test/cli.js'), 'test', '--reporter', 'json', ...args], {
      cwd: ROOT,
      // A clean environment: nothing of this run (its manifest, its worker) leaks in.
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', CI: '1', ...env },
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => void (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => void (output += d.toString()));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

const specs = (suite: JsonSuite): JsonSuite['specs'] => [...suite.specs, ...(suite.suites ?? []).flatMap(specs)];

/** Runs the suite against the stack as a staging deployment would be reached, and reads its JSON report. */
async function remoteRun(stack: { shopApi: { url: string }; admin: { username: string; password: string } }, args: string[], extra: Record<string, string>) {
  const reportsDir = mkdtempSync(path.join(tmpdir(), 'suite-remote-run-'));
  const jsonFile = path.join(reportsDir, 'results.json');
  const runId = `rm${Date.now().toString(36).slice(-6)}`;
  const run = await runSuite(args, {
    TARGET: 'remote',
    BASE_URL: stack.shopApi.url,
    ADMIN_USERNAME: stack.admin.username,
    ADMIN_PASSWORD: stack.admin.password,
    RUN_ID: runId,
    REPORTS_DIR: reportsDir,
    WORKERS: '2',
    PLAYWRIGHT_JSON_OUTPUT_NAME: jsonFile,
    ...extra,
  });
  await test.info().attach(`output of: playwright test ${args.join(' ')}`, { body: run.output.slice(-20_000), contentType: 'text/plain' });
  expect(run.code, run.output.slice(-3000)).toBe(0);
  const report = JSON.parse(readFileSync(jsonFile, 'utf8')) as JsonReport;
  const skipReasons = report.suites.flatMap(specs).flatMap((spec) =>
    spec.tests.filter((t) => t.status === 'skipped').map((t) => t.annotations.find((a) => a.type === 'skip')?.description ?? '(no reason)'),
  );
  return { runId, stats: report.stats, skipReasons: [...new Set(skipReasons)] };
}

test.describe('remote target', { tag: ['@self', '@remote'] }, () => {
  // Each runs a part of the suite as a child process.
  test.describe.configure({ timeout: 240_000 });

  test('a staging-style run with ALLOW_DESTRUCTIVE passes, skips only the payment records, and leaves no user behind', async ({ privateStack, playwright }) => {
    const run = await test.step('run the api and journey projects with TARGET=remote', () =>
      remoteRun(privateStack, ['--project', 'api', '--project', 'journeys'], { ALLOW_DESTRUCTIVE: 'true' }));

    await test.step('it passed, skipping only what the target cannot offer', () => {
      expect(run.stats.unexpected).toBe(0);
      expect(run.stats.expected).toBeGreaterThan(50);
      expect(run.skipReasons.sort()).toEqual([SKIP.database, SKIP.provider].sort());
    });

    await test.step('no user the run created can log in: every one was deleted; its products carry the run id', async () => {
      const request = await playwright.request.newContext({ baseURL: privateStack.shopApi.url });
      const api = shopApi(new Http(request));
      const token = ensureOk(await api.auth.login(privateStack.admin.username, privateStack.admin.password)).access_token;
      expect((await api.as(token).users.list({ q: run.runId })).header('x-total-count')).toBe('0');
      const products = await api.products.list({ q: `T-${run.runId}`, limit: 100 });
      expect(Number(products.header('x-total-count'))).toBeGreaterThan(0);
      await request.dispose();
    });
  });

  test('the generated journeys on staging: the customer-only ones run on the demo catalogue, the shop ones skip, no user is left', async ({ privateStack, playwright }) => {
    const run = await test.step('run the model project with TARGET=remote, a small budget', () =>
      remoteRun(privateStack, ['--project', 'model'], { MODEL_RUNS: '2', MODEL_STEPS: '30' }));

    await test.step('the customer-only journeys passed; the shop journeys were skipped, saying why', async () => {
      expect(run.stats.unexpected).toBe(0);
      expect(run.stats.expected).toBe(1);
      expect(run.skipReasons.sort()).toEqual([SKIP.addsProducts, SKIP.database].sort());
      const request = await playwright.request.newContext({ baseURL: privateStack.shopApi.url });
      const api = shopApi(new Http(request));
      const token = ensureOk(await api.auth.login(privateStack.admin.username, privateStack.admin.password)).access_token;
      expect((await api.as(token).users.list({ q: run.runId })).header('x-total-count')).toBe('0');
      await request.dispose();
    });
  });

  test('without ALLOW_DESTRUCTIVE, tests that add products are skipped with the reason, and nothing is added', async ({ privateStack, playwright }) => {
    const run = await test.step('run the products spec with TARGET=remote', () => remoteRun(privateStack, ['tests/api/products.spec.ts'], {}));

    await test.step('browsing ran; every test that adds a product was skipped, saying why', async () => {
      expect(run.stats.unexpected).toBe(0);
      expect(run.stats.expected).toBeGreaterThan(0);
      expect(run.stats.skipped).toBeGreaterThan(0);
      expect(run.skipReasons.sort()).toEqual([SKIP.addsProducts, SKIP.database, SKIP.destructive].sort());
      const request = await playwright.request.newContext({ baseURL: privateStack.shopApi.url });
      expect((await shopApi(new Http(request)).products.list({ q: `T-${run.runId}` })).header('x-total-count')).toBe('0');
      await request.dispose();
    });
  });
});
