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

/**
 * How a script answered its command line, where the harness's unit tests probe it in their
 * own process (probe() below) rather than start a process per script and argument.
 */
export interface Answer {
  code: number;
  stdout: string;
  stderr: string;
}

/** Thrown by cli() while probing, in place of exiting: the rest of the script does not run. */
export class Probed extends Error {
  override name = 'Probed';
  constructor(readonly answer: Answer) {
    super(`answered with exit code ${answer.code}`);
  }
}

const probing: { argv?: string[] } = {};

/**
 * Loads a script as if run with `argv`, and returns how its command line answered: what it
 * printed and its exit code. Only its command line runs (cli() throws instead of going on).
 */
export async function probe(scriptUrl: URL, argv: string[]): Promise<Answer> {
  probing.argv = argv;
  try {
    await import(`${scriptUrl.href}?probe=${encodeURIComponent(argv.join(' '))}`);
    throw new Error(`${scriptUrl.pathname} ran past its command line: it must call cli() before doing anything`);
  } catch (err) {
    if (err instanceof Probed) return err.answer;
    throw err;
  } finally {
    delete probing.argv;
  }
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
export function cli<O extends Record<string, Option>>(spec: CliSpec<O>, argv: string[] = probing.argv ?? process.argv.slice(2)): Cli<O> {
  const probed = probing.argv !== undefined;
  if (!probed) exitQuietlyWhenPipeCloses();
  const answer = (code: number, out: { stdout?: string; stderr?: string }): never => {
    if (probed) throw new Probed({ code, stdout: out.stdout ?? '', stderr: out.stderr ?? '' });
    if (out.stdout) process.stdout.write(out.stdout);
    if (out.stderr) process.stderr.write(out.stderr);
    process.exit(code);
  };
  const name = spec.command.replace(/^npm run (-s )?/, '').replace(/ --$/, '');
  const fail = (message: string): never => answer(2, { stderr: `[${name}] ${message}\n\n${usageOf(spec)}` });
  if (argv.includes('--help') || argv.includes('-h')) answer(0, { stdout: usageOf(spec) });
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
  // Probed with arguments that parse: the command line is fine, and the script goes no further.
  if (probed) answer(0, {});
  return { ...parsed, fail };
}

/** A whole number of at least `min` from an argument's text (`what`: "--runs", "<orders>"), or the script fails saying which. */
export function wholeNumber(cli: Pick<Cli<Record<string, Option>>, 'fail'>, what: string, text: string, min = 1): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min) cli.fail(`${what} ${JSON.stringify(text)}: expected a whole number of at least ${min}`);
  return n;
}
