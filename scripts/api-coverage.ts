// Merges the API coverage maps of several runs or shards (reports/api-coverage.json of
// each) into one, by adding the counts; prints it as Markdown and writes it beside --out.
//   npm run api-coverage -- merge <api-coverage.json ...> [--out merged.json] [--require-all]
// --require-all: exit 1 when a documented operation was called by none of them, or a
// documented status was seen by none and is not explained (the maps carry the explanations).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { coverageMarkdown, mergeCoverage, neverCalled, unexplained, type CoverageMap } from '../api-clients/openapi/coverage.js';
import { cli } from './lib/cli.js';

const args = cli({
  command: 'npm run api-coverage --',
  summary: 'Merges the API coverage maps of several runs or shards (their reports/api-coverage.json) into one by adding the counts, prints it as Markdown, and writes it beside --out.',
  positionals: { usage: 'merge <api-coverage.json ...>', min: 2 },
  options: {
    out: { type: 'string', value: 'merged.json', description: 'write the merged map here (and its Markdown beside it)' },
    'require-all': { type: 'boolean', default: false, description: 'exit 1 when a documented operation was called by none of them, or a documented status seen by none is not explained' },
  },
  examples: ['npm run api-coverage -- merge shard1/api-coverage.json shard2/api-coverage.json --out reports/api-coverage.json --require-all'],
});
const { values } = args;
const [command, ...files] = args.positionals;
if (command !== 'merge') args.fail(`unknown command ${JSON.stringify(command)}: the one command is merge`);
const unreadable = files.find((file) => !existsSync(file));
if (unreadable) args.fail(`${unreadable}: no such file`);

const merged = mergeCoverage(files.map((file) => JSON.parse(readFileSync(file, 'utf8')) as CoverageMap));
const markdown = coverageMarkdown(merged);
if (values.out) {
  writeFileSync(values.out, `${JSON.stringify(merged, null, 2)}\n`);
  writeFileSync(values.out.replace(/\.json$/, '.md'), markdown);
}
process.stdout.write(markdown);
const missing = neverCalled(merged);
const unseen = unexplained(merged);
if (values['require-all'] && missing.length + unseen.length > 0) {
  if (missing.length > 0) process.stderr.write(`documented operations no run called: ${missing.join(', ')}\n`);
  if (unseen.length > 0) process.stderr.write(`documented statuses no run produced and nothing explains: ${unseen.join(', ')}\n`);
  process.exit(1);
}
