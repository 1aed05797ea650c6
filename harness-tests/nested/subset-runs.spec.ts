import { CAPABILITIES } from '../../config/capabilities.js';
import { expect, test, type ShopUnderTest } from '../fixtures.js';
import { attachOutput, readJsonReport, runSuite, testsOf, type JsonReport } from '../run-suite.js';

// What people run every day, run here as they run it: one spec file, a tag with a shard,
// the end-of-run project alone (a folder: remote-run.spec.ts), and the json reporter piped to a file. Each must be green when the tests it
// selects are green. The child runs reach this run's own services as a deployment with
// every capability (database, provider records, admin, destructive), so they start
// nothing and check exactly what a run on the local target checks, end-of-run included.

async function childRun(shop: ShopUnderTest, args: string[], options?: { jsonToFile: boolean }) {
  // One worker: a child's workers each cost a start-up (about 2 s of CPU), and this run's
  // own workers keep the cores busy anyway; parallel runs are what shop-api's suite proves.
  const run = await runSuite(args, { ...shop.asDeployment, WORKERS: '1' }, options);
  await attachOutput(args, run);
  expect(run.code, `${args.join(' ')} exited ${run.code}:\n${run.stderr.slice(-3000)}`).toBe(0);
  return run;
}

const green = (report: JsonReport) => ({ passed: report.stats.expected > 0, failed: report.stats.unexpected, flaky: report.stats.flaky });

test.describe('subset runs', () => {
  // Each runs part of the suite as a child process, beside the rest of this run.
  test.describe.configure({ timeout: 180_000 });

  test('one spec file, the json reporter on stdout: exit 0, and stdout is the report alone', async ({ shopUnderTest }) => {
    const run = await childRun(shopUnderTest, ['tests/api/protocol.spec.ts', '--reporter=json'], { jsonToFile: false });

    const report = JSON.parse(run.stdout) as JsonReport;
    expect(green(report)).toEqual({ passed: true, failed: 0, flaky: 0 });
    expect(new Set(testsOf(report).map((t) => t.file))).toEqual(new Set(['api/protocol.spec.ts', 'end-of-run/api-coverage.spec.ts', 'end-of-run/latency.spec.ts', 'end-of-run/payments.spec.ts']));
    expect(run.stderr).toContain('[suite] target: remote');
  });

  // A tag and a shard in one run: each selects by itself, and together the shard is a part
  // of the tagged tests. (The title must not hold the tag it greps for, or the child run
  // would select this very test.)
  test('a tag and a shard: --grep for the auth tag, --shard 1/2', async ({ shopUnderTest }) => {
    const run = await childRun(shopUnderTest, ['--grep', '@auth', '--shard', '1/2', '--reporter=dot,json']);

    const report = readJsonReport(run.jsonFile);
    expect(green(report)).toEqual({ passed: true, failed: 0, flaky: 0 });
    const ran = testsOf(report).filter((t) => t.status !== 'skipped' && !t.file.startsWith('end-of-run/'));
    // The tag is on the 12 tests of api/auth.spec.ts: the first shard holds about half.
    expect(ran.length, 'about half of the tagged tests').toBeGreaterThanOrEqual(3);
    expect(ran.length).toBeLessThan(12);
    expect(new Set(ran.map((t) => t.file)), 'only the tagged tests').toEqual(new Set(['api/auth.spec.ts']));
  });

  test('the end-of-run project alone has nothing to check, and says so', async ({ shopUnderTest }) => {
    const run = await childRun(shopUnderTest, ['--project', 'end-of-run', '--reporter=dot,json']);

    expect(testsOf(readJsonReport(run.jsonFile)).map((t) => [t.title, t.status, t.skipReason]).sort()).toEqual([
      ['a whole run, on a target the suite started, calls every documented operation and sees every documented status it can', 'skipped', CAPABILITIES.wholeRun.reason],
      ['count, p50, p95 and max of every operation the run called, written to reports/latency.json', 'expected', undefined],
      ['paid orders and successful provider charges match one for one, amounts equal', 'skipped', 'nothing to check: the tests this run selected placed no order'],
      ['the map of every documented operation and status, with the calls that hit each', 'expected', undefined],
    ]);
  });
});
