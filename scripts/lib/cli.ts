import { parseArgs, type ParseArgsConfig } from 'node:util';
import { exitQuietlyWhenPipeCloses } from '../pipe-safe.js';

// The command line of every script: node:util's parseArgs, plus what people expect of
// it. --help prints what the script does, its options and an example, and exits 0; an
// unknown option, a missing value or a bad one prints one line saying what is wrong,
// then the usage, and exits 2, without a stack trace.

type OptionConfig = NonNullable<ParseArgsConfig['options']>[string];

export interface Option extends OptionConfig {
  /** What the option does, for --help. */
  description: string;
  /** The value's placeholder in --help: --runs <n>. */
  value?: string;
}

export interface CliSpec<O extends Record<string, Option>> {
  /** How it is run: "npm run bench:suite --". */
  command: string;
  /** What it does, in a sentence or two. */
  summary: string;
  /** Its positional arguments, as the usage line shows them ("[<before>] <after>"); none without. */
  positionals?: { usage: string; min?: number; max?: number };
  options: O;
  examples: string[];
}

export class CliError extends Error {
  override name = 'CliError';
}

type Values<O extends Record<string, Option>> = ReturnType<typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>>['values'];

export interface Cli<O extends Record<string, Option>> {
  values: Values<O>;
  positionals: string[];
  /** Says what is wrong, then the usage, and exits 2. */
  fail: (message: string) => never;
}

export function usageOf(spec: CliSpec<Record<string, Option>>): string {
  const flags = Object.entries(spec.options).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : ''}--${name}${o.type === 'string' ? ` <${o.value ?? 'value'}>` : ''}`;
    const fallback = o.default !== undefined && o.type === 'string' ? ` (default ${String(o.default)})` : '';
    return [flag, `${o.description}${fallback}`] as const;
  });
  flags.push(['-h, --help', 'this help']);
  const width = Math.max(...flags.map(([flag]) => flag.length));
  return [
    `usage: ${spec.command} [options]${spec.positionals ? ` ${spec.positionals.usage}` : ''}`,
    '',
    spec.summary,
    '',
    'options:',
    ...flags.map(([flag, text]) => `  ${flag.padEnd(width)}  ${text}`),
    '',
    spec.examples.length === 1 ? 'example:' : 'examples:',
    ...spec.examples.map((example) => `  ${example}`),
    '',
  ].join('\n');
}

/** Parses this process's arguments by the spec; --help and bad input end the process here. */
export function cli<O extends Record<string, Option>>(spec: CliSpec<O>, argv: string[] = process.argv.slice(2)): Cli<O> {
  exitQuietlyWhenPipeCloses();
  const name = spec.command.replace(/^npm run (-s )?/, '').replace(/ --$/, '');
  const fail = (message: string): never => {
    process.stderr.write(`[${name}] ${message}\n\n${usageOf(spec)}`);
    process.exit(2);
  };
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(usageOf(spec));
    process.exit(0);
  }
  const options = Object.fromEntries(Object.entries(spec.options).map(([key, { description: _d, value: _v, ...config }]) => [key, config]));
  let parsed: { values: Values<O>; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true }) as unknown as typeof parsed;
  } catch (err) {
    // parseArgs says what is wrong in its first line; the rest is advice in its own words.
    const first = (err as Error).message.split("\n")[0] ?? "";
    const dash = /option-like|ambiguous/i.test(first) ? ` (a value that starts with a dash goes after "=": ${/'([^']+)'/.exec(first)?.[1] ?? '--option'}="...")` : '';
    return fail(`${first.split(/\. (?=To specify)/)[0]!.replace(/\.$/, '')}${dash}`);
  }
  const { min = 0, max = spec.positionals ? Infinity : 0 } = spec.positionals ?? {};
  if (parsed.positionals.length < min) fail(`expected ${spec.positionals!.usage}`);
  if (parsed.positionals.length > max) fail(max === 0 ? `unexpected argument ${JSON.stringify(parsed.positionals[0])}` : `too many arguments (expected ${spec.positionals!.usage})`);
  return { ...parsed, fail };
}

/** A whole number of at least `min` from an argument's text (`what`: "--runs", "<orders>"), or the script fails saying which. */
export function wholeNumber(cli: Pick<Cli<Record<string, Option>>, 'fail'>, what: string, text: string, min = 1): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min) cli.fail(`${what} ${JSON.stringify(text)}: expected a whole number of at least ${min}`);
  return n;
}
