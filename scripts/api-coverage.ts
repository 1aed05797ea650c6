// Merges the API coverage maps of several runs or shards (reports/api-coverage.json of
// each) into one, by adding the counts; prints it as Markdown and writes it beside --out.
//   npm run api-coverage -- merge <api-coverage.json ...> [--out merged.json] [--require-all]
// --require-all: exit 1 when a documented operation was called by none of them.
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { coverageMarkdown, mergeCoverage, neverCalled, type CoverageMap } from '../api-clients/openapi/coverage.js';
import { exitQuietlyWhenPipeCloses } from './pipe-safe.js';

exitQuietlyWhenPipeCloses();

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { out: { type: 'string' }, 'require-all': { type: 'boolean', default: false } },
});
const [command, ...files] = positionals;
if (command !== 'merge' || files.length === 0) {
  process.stderr.write('usage: npm run api-coverage -- merge <api-coverage.json ...> [--out merged.json] [--require-all]\n');
  process.exit(2);
}

const merged = mergeCoverage(files.map((file) => JSON.parse(readFileSync(file, 'utf8')) as CoverageMap));
const markdown = coverageMarkdown(merged);
if (values.out) {
  writeFileSync(values.out, `${JSON.stringify(merged, null, 2)}\n`);
  writeFileSync(values.out.replace(/\.json$/, '.md'), markdown);
}
process.stdout.write(markdown);
const missing = neverCalled(merged);
if (values['require-all'] && missing.length > 0) {
  process.stderr.write(`documented operations no run called: ${missing.join(', ')}\n`);
  process.exit(1);
}
