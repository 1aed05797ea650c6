// Whether a run selects the whole suite (no file, tag, project or shard filter), from
// the command line: checks over everything a whole run must do (every documented
// operation called) apply only then. Unknown arguments count as a filter, so a check is
// skipped rather than failed wrongly.

/** Options that take a value and select nothing. */
const VALUED = new Set(['--reporter', '--workers', '-j', '--repeat-each', '--retries', '--timeout', '--max-failures', '-x', '--trace', '--output', '--global-timeout', '--update-snapshots', '-u']);
/** Flags that select nothing. */
const FLAGS = new Set(['--forbid-only', '--fully-parallel', '--pass-with-no-tests', '--quiet', '--headed', '--debug', '--list', '--no-deps', '--ignore-snapshots', '--fail-on-flaky-tests']);

export function selectionOf(argv: string[]): { whole: boolean; filter?: string } {
  const args = argv.slice(argv.indexOf('test') + 1);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const name = arg.split('=')[0]!;
    if (VALUED.has(name)) {
      if (!arg.includes('=')) i++;
      continue;
    }
    if (FLAGS.has(name)) continue;
    return { whole: false, filter: arg };
  }
  return { whole: true };
}
