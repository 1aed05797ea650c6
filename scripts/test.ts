// What `npm test` runs, and so CI: the type-check and the linters side by side (each
// keeps a core busy), then shop-api's suite, then the harness's own tests. Stops at the
// first that fails, with its exit code.
import { cli } from './lib/cli.js';
import { runTool } from './lib/run.js';

cli({
  command: 'npm test --',
  summary: "Type-checks and lints (side by side), then runs shop-api's suite (npx playwright test) and then the harness's own tests (npm run test:harness): everything CI runs.",
  options: {},
  examples: ['npm test', 'TARGET=containers npm test'],
});

const say = (line: string) => process.stderr.write(`[test] ${line}\n`);

say('type-check and lint, side by side');
const checks = await Promise.all([runTool('tsc', ['-p', 'tsconfig.json'], { keep: true }), runTool('tsx', ['scripts/lint.ts'], { keep: true })]);
for (const ran of checks) process.stdout.write(ran.output);
const failed = checks.find((ran) => ran.code !== 0);
if (failed) {
  say(`${failed.command} failed (exit ${failed.code})`);
  process.exit(failed.code);
}

for (const [what, args] of [["shop-api's suite: playwright test", ['test']], ["the harness's own tests: playwright test --config harness-tests", ['test', '--config', 'harness-tests']]] as const) {
  say(what);
  const ran = await runTool('playwright', [...args]);
  if (ran.code !== 0) process.exit(ran.code);
}
