// What `npm test` runs, and so CI: the type-check, the linters, shop-api's suite and the
// harness's own tests. Each keeps a core busy only part of the time (the type-check is
// single-threaded, the suites wait on their services), so they overlap: the type-check,
// the linters and the harness's tests start together, and shop-api's suite starts once the
// code has type-checked and linted. Shop-api's suite prints as it goes; what the others
// printed follows each as it ends. Exits with the first failure's code, or 0.
import { cli } from './lib/cli.js';
import { runTool, type Ran } from './lib/run.js';

cli({
  command: 'npm test --',
  summary: "Type-checks and lints, and runs shop-api's suite (npx playwright test) and the harness's own tests (npm run test:harness): everything CI runs, side by side where they can be.",
  options: {},
  examples: ['npm test', 'TARGET=containers npm test'],
});

const t0 = performance.now();
const say = (line: string) => process.stderr.write(`[test] ${line} (${((performance.now() - t0) / 1000).toFixed(0)} s)\n`);
const show = (ran: Ran) => process.stdout.write(ran.output);

say("type-check, lint and the harness's own tests, side by side; then shop-api's suite");
const harness = runTool('playwright', ['test', '--config', 'harness-tests'], { keep: true });
const checks = await Promise.all([runTool('tsc', ['-p', 'tsconfig.json'], { keep: true }), runTool('tsx', ['scripts/lint.ts'], { keep: true })]);
checks.forEach(show);
const failedCheck = checks.find((ran) => ran.code !== 0);

let suite: Ran | undefined;
if (failedCheck) {
  say(`${failedCheck.command} failed (exit ${failedCheck.code}): shop-api's suite does not run`);
} else {
  say("shop-api's suite: playwright test");
  suite = await runTool('playwright', ['test']);
}
if (suite) say(`shop-api's suite ${suite.code === 0 ? 'passed' : 'failed'}`);
const harnessRan = await harness;
say(`the harness's own tests (playwright test --config harness-tests) ${harnessRan.code === 0 ? 'passed' : 'failed'}; what they printed:`);
show(harnessRan);

const failed = [...checks, ...(suite ? [suite] : []), harnessRan].find((ran) => ran.code !== 0);
if (failed) say(`${failed.command} failed (exit ${failed.code})`);
process.exit(failed?.code ?? 0);
