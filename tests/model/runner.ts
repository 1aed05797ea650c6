import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { test } from '../../fixtures/index.js';
import type { ShopCommand } from './commands/index.js';
import type { Model } from './model.js';
import { expectSequenceProperties } from './properties.js';
import { Real, type Detail, type JournalEntry, type World } from './real.js';

// Runs generated journeys with fast-check's model-based testing: each run is a fresh
// sequence (new customers and products) of commands applied to shop-api and to the model.
//
// The report shows what a reader needs and no more: every sequence of the search is a step,
// its commands steps (their HTTP calls are checked against the contract all the same, but
// are not a step each: a thousand of those cost more CPU than the rest of the test); the
// runs fast-check makes while shrinking a failure are silent; and the shrunk counterexample
// is replayed once more with every call reported, so it reads like a hand-written journey,
// and attached as a numbered list with the settings that replay it (a replay of a given
// MODEL_PATH reports every call at once).

const REPLAYS = 3;

export interface Budget {
  /** Sequences to generate (MODEL_RUNS). */
  runs: number;
  /** At most this many commands per sequence (MODEL_STEPS). */
  steps: number;
  /** fast-check's seed (MODEL_SEED, else the test's faker seed). */
  seed: number;
  /** fast-check's path and the commands' replayPath of a failure, to replay just it (MODEL_PATH, MODEL_REPLAY_PATH). */
  path?: string | undefined;
  replayPath?: string | undefined;
  /** When shrinking must stop (a time, performance.now()), to leave the replay and the cleanup time. */
  shrinkUntil: number;
}

export interface Journeys {
  /** The test's title, for the replay command. */
  title: string;
  world: World;
  commands: fc.Arbitrary<ShopCommand>;
  /** Each product's initial stock (empty: the products are a shelf the test gave). */
  stocks: fc.Arbitrary<number[]>;
}

export interface Explored {
  sequences: number;
  commands: number;
  seconds: number;
}

/** One sequence: set up, run the commands against model and shop, check the whole-sequence properties, clean up. */
async function runSequence(world: World, stocks: number[], commands: Iterable<fc.AsyncCommand<Model, Real>>, detail: Detail, journal: JournalEntry[]): Promise<void> {
  const real = new Real(world, detail, journal);
  try {
    const model = await real.setUp(stocks);
    await fc.asyncModelRun<Model, Real, false, Model>(() => ({ model, real }), commands);
    await expectSequenceProperties(model, real);
  } finally {
    await real.removeAccounts();
  }
}

export async function exploreJourneys(journeys: Journeys, budget: Budget): Promise<Explored> {
  const started = performance.now();
  const tally = new Map<string, number>();
  let sequences = 0;
  let commands = 0;
  let drawn = 0;
  let shrinkRuns = 0;
  let first: { sequence: number; journal: JournalEntry[] } | undefined;

  const property = fc.asyncProperty(
    journeys.stocks,
    fc.commands([journeys.commands], { maxCommands: budget.steps, size: 'max', replayPath: budget.replayPath }),
    async (stocks, sequence) => {
      if (first) {
        // Shrinking: silent runs. Out of time, a candidate counts as passing without running, which ends the shrink.
        if (performance.now() > budget.shrinkUntil) return true;
        shrinkRuns += 1;
        await runSequence(journeys.world, stocks, sequence, 'none', []);
        return true;
      }
      sequences += 1;
      drawn += [...sequence].length;
      const journal: JournalEntry[] = [];
      try {
        await test.step(`sequence ${sequences} of ${budget.path ? 1 : budget.runs} (stock ${stocks.join(', ') || 'of the shelf'})`, () =>
          runSequence(journeys.world, stocks, sequence, budget.path ? 'calls' : 'commands', journal));
      } catch (error) {
        first = { sequence: sequences, journal };
        throw error;
      } finally {
        commands += journal.length;
        for (const { kind } of journal) tally.set(kind, (tally.get(kind) ?? 0) + 1);
      }
      return true;
    },
  );

  const details = await fc.check(property, { numRuns: budget.runs, seed: budget.seed, path: budget.path, endOnFailure: budget.path !== undefined });
  const explored = { sequences, commands, seconds: Math.round((performance.now() - started) / 100) / 10 };
  const info = test.info();
  info.annotations.push({
    type: 'generated journeys',
    description: `${sequences} sequences, ${commands} commands run (of ${drawn} drawn), ${explored.seconds} s; fast-check seed ${budget.seed}`,
  });
  await info.attach('commands run, by kind', {
    contentType: 'text/plain',
    body: [...tally.entries()].sort((a, b) => b[1] - a[1]).map(([kind, n]) => `${String(n).padStart(5)}  ${kind}`).join('\n'),
  });
  if (!details.failed) return explored;
  if (!details.counterexample) throw new Error(`fast-check gave up: ${String(details.errorInstance)}`);

  // The shrunk counterexample, replayed once more with every step reported (unless that run was the replay of a path).
  const [stocks, sequence] = details.counterexample;
  const replayPath = budget.replayPath ?? /replayPath="([^"]*)"/.exec((sequence as { toString(): string }).toString())?.[1];
  let journal = first?.journal ?? [];
  let error: unknown = details.errorInstance;
  if (!budget.path) {
    // A failure that hangs on timing (a payment settling before or after a cancel) may pass once: up to three tries.
    for (let attempt = 1; attempt <= REPLAYS; attempt++) {
      journal = [];
      try {
        await test.step(`the shrunk counterexample, replayed${attempt > 1 ? ` (try ${attempt} of ${REPLAYS})` : ''}`, () =>
          runSequence(journeys.world, stocks, sequence, 'calls', journal));
      } catch (replayed) {
        error = replayed;
        break;
      }
      if (attempt === REPLAYS) journal.push({ kind: 'note', title: `(replayed ${REPLAYS} times, it passed each time: the failure depends on timing; fast-check's error follows)` });
    }
  }

  const replay =
    `MODEL_SEED=${budget.seed} MODEL_PATH=${details.counterexamplePath} MODEL_REPLAY_PATH='${replayPath ?? ''}' ` +
    `FAKER_SEED=${journeys.world.factories.seed} npx playwright test tests/model -g "${journeys.title}"`;
  const commandsRun = plural(journal.filter((e) => e.kind !== 'note').length, 'command');
  const story = [
    budget.path
      ? `Generated journeys failed, replaying MODEL_PATH=${budget.path} (${commandsRun}):`
      : `Generated journeys failed: sequence ${first?.sequence ?? '?'} of ${budget.runs} (${plural(first?.journal.length ?? 0, 'command')}) ` +
        `shrunk in ${details.numShrinks} steps (${shrinkRuns} silent runs) to ${commandsRun}:`,
    `  stock at the start: ${stocks.map((s, i) => `P${i + 1}=${s}`).join(', ') || 'the shelf'}`,
    ...journal.map((entry) => `  ${entry.title}`),
    `Replay it: ${replay}`,
  ].join('\n');
  await info.attach('counterexample', { contentType: 'text/plain', body: `${story}\n\n${messageOf(error)}` });
  process.stderr.write(`[suite] ${journeys.title}: counterexample found; replay with\n  ${replay}\n`);
  throw withStory(error, story);
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The failure, its message led by the counterexample; the stack still points at the assertion that failed. */
function withStory(error: unknown, story: string): Error {
  const wrapped = new Error(`${story}\n\n${messageOf(error)}`);
  const frames = error instanceof Error ? (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line)) : [];
  wrapped.stack = [`Error: ${wrapped.message}`, ...frames].join('\n');
  return wrapped;
}

/**
 * The budget from the settings, and the test's time-out to match: the search, then
 * shrinking until 45 s before the end (left for the replay and for deleting the users).
 */
export function budgetFrom(
  settings: { MODEL_RUNS: number; MODEL_STEPS: number; MODEL_SEED?: number | undefined; MODEL_PATH?: string | undefined; MODEL_REPLAY_PATH?: string | undefined },
  fakerSeed: number,
): Budget & { timeout: number } {
  const timeout = 90_000 + settings.MODEL_RUNS * settings.MODEL_STEPS * 400;
  return {
    runs: settings.MODEL_RUNS,
    steps: settings.MODEL_STEPS,
    seed: settings.MODEL_SEED ?? fakerSeed,
    path: settings.MODEL_PATH,
    replayPath: settings.MODEL_REPLAY_PATH,
    shrinkUntil: performance.now() + timeout - 45_000,
    timeout,
  };
}
