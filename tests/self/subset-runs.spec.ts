import type { Manifest } from '../../config/manifest.js';
import { skipReason } from '../../fixtures/capabilities.js';
import { expect, test } from '../../fixtures/index.js';
import { attachOutput, readJsonReport, runSuite, testsOf, type JsonReport } from './run-suite.js';

// What people run every day, run here as they run it: one spec file, a tag, a project, a
// shard, and the json reporter piped to a file. Each must be green when the tests it
// selects are green. The child runs reach this run's own services as a deployment with
// every capability (database, provider records, admin, destructive), so they start
// nothing and check exactly what a run on the local target checks, end-of-run included.

const everyCapability = (manifest: Manifest): Record<string, string> => ({
  TARGET: 'remote',
  BASE_URL: manifest.baseUrl,
  DATABASE_URL: manifest.databaseUrl!,
  PAYMENT_PROVIDER_URL: manifest.paymentProviderUrl!,
  ADMIN_USERNAME: manifest.admin!.username,
  ADMIN_PASSWORD: manifest.admin!.password,
  ALLOW_DESTRUCTIVE: 'true',
  // One worker: a child's workers each cost a start-up (about 2 s of CPU), and this run's
  // own workers keep the cores busy anyway; parallel runs are what the whole run proves.
  WORKERS: '1',
});

async function childRun(manifest: Manifest, args: string[], options?: { jsonToFile: boolean }) {
  const run = await runSuite(args, everyCapability(manifest), options);
  await attachOutput(args, run);
  expect(run.code, `${args.join(' ')} exited ${run.code}:\n${run.stderr.slice(-3000)}`).toBe(0);
  return run;
}

const green = (report: JsonReport) => ({ passed: report.stats.expected > 0, failed: report.stats.unexpected, flaky: report.stats.flaky });

test.describe('subset runs', { tag: '@self' }, () => {
  // Each runs part of the suite as a child process, beside the rest of this run.
  test.describe.configure({ timeout: 180_000 });

  test.beforeEach(({ manifest }, testInfo) => {
    testInfo.skip(!manifest.databaseUrl || !manifest.paymentProviderUrl || !manifest.admin, 'runs the suite against this target with every capability, which this target does not give');
  });

  test('one spec file, the json reporter on stdout: exit 0, and stdout is the report alone', async ({ manifest }) => {
    const run = await childRun(manifest, ['tests/api/protocol.spec.ts', '--reporter=json'], { jsonToFile: false });

    const report = JSON.parse(run.stdout) as JsonReport;
    expect(green(report)).toEqual({ passed: true, failed: 0, flaky: 0 });
    expect(new Set(testsOf(report).map((t) => t.project))).toEqual(new Set(['api', 'end-of-run']));
    expect(run.stderr).toContain('[suite] target: remote');
  });

  // (The title must not hold the tag it greps for, or the child run would select this very test.)
  test('a tag: --grep for the auth tag', async ({ manifest }) => {
    const run = await childRun(manifest, ['--grep', '@auth', '--reporter=dot,json']);

    const report = readJsonReport(run.jsonFile);
    expect(green(report)).toEqual({ passed: true, failed: 0, flaky: 0 });
    expect(testsOf(report).filter((t) => t.status !== 'skipped').length).toBeGreaterThanOrEqual(10);
  });

  test('a project alone: --project end-of-run has nothing to check, and says so', async ({ manifest }) => {
    const run = await childRun(manifest, ['--project', 'end-of-run', '--reporter=dot,json']);

    expect(testsOf(readJsonReport(run.jsonFile)).map((t) => [t.title, t.status, t.skipReason]).sort()).toEqual([
      ['a whole run, on a target the suite started, calls every documented operation', 'skipped', skipReason('wholeRun', manifest)],
      ['count, p50, p95 and max of every operation the run called, written to reports/latency.json', 'expected', undefined],
      ['paid orders and successful provider charges match one for one, amounts equal', 'skipped', 'nothing to check: the tests this run selected placed no order'],
      ['the map of every documented operation and status, with the calls that hit each', 'expected', undefined],
    ]);
  });

  test('a shard: tests/api/orders.spec.ts --shard 1/3', async ({ manifest }) => {
    const run = await childRun(manifest, ['tests/api/orders.spec.ts', '--shard', '1/3', '--reporter=dot,json']);

    const report = readJsonReport(run.jsonFile);
    expect(green(report)).toEqual({ passed: true, failed: 0, flaky: 0 });
    const all = testsOf(report).filter((t) => t.project === 'api');
    expect(all.length).toBeGreaterThan(0);
  });
});
