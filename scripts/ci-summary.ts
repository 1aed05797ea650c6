// Prints the last line CI shows: "N passed, N failed" (and ", N skipped" when any),
// read from the JUnit report of the run that just finished.
//   tsx scripts/ci-summary.ts reports/junit.xml <exit status of npm test>
import { existsSync, readFileSync } from 'node:fs';

const [file = 'reports/junit.xml', status = '0'] = process.argv.slice(2);
if (!existsSync(file)) {
  process.stdout.write(`0 passed, 1 failed (npm test stopped before the suite ran: see the typecheck or lint output above)\n`);
  process.exit(0);
}
const root = /<testsuites\b[^>]*>/.exec(readFileSync(file, 'utf8'))?.[0] ?? '';
const count = (name: string) => Number(new RegExp(`\\b${name}="(\\d+)"`).exec(root)?.[1] ?? 0);
const failed = count('failures') + count('errors');
const skipped = count('skipped');
const passed = count('tests') - failed - skipped;
const note = status !== '0' && failed === 0 ? ' (but npm test exited non-zero: see above)' : '';
process.stdout.write(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}${note}\n`);
