import { randomInt } from 'node:crypto';

// Run ids, and the marks the suite puts on what it creates so that a run's leftovers on a
// shared environment can be found and aged (npm run staging:sweep): made, parsed and
// recognised here, and nowhere else.
//
// A run id says when its run started, because some of what a run leaves carries no date
// (products have no timestamp): five base-36 digits of the minute the run started (minutes
// since 1970), four random ones (runs started in the same minute, shards of one CI run,
// still differ), and a check digit, so that a name someone else chose is not taken for the
// suite's by chance. Ten characters: "hn3q0" "k2x9" "f". RUN_ID may set any id of 4 to 12
// lowercase letters and digits (its run is then not aged by it).
//
// The marks: a unique token `<run id><worker>x<counter>` in usernames (`ana_<token>`) and
// skus (`T-<TOKEN>`, `T-<TOKEN>-P1`), and shipping addresses that end `(suite run <run id>)`.

const MINUTE = 60_000;
const TIME_DIGITS = 5;
const RANDOM_DIGITS = 4;
const RUN_ID_LENGTH = TIME_DIGITS + RANDOM_DIGITS + 1;
/** No run id of this format was made before this (its time digits would be older). */
const FORMAT_EPOCH = Date.UTC(2025, 0, 1);

/** Any run id, the default format's or one given as RUN_ID. */
export const RUN_ID = { pattern: /^[a-z0-9]{4,12}$/, rule: 'expected 4 to 12 lowercase letters or digits' } as const;

const checkDigit = (body: string): string =>
  ([...body].reduce((sum, c, i) => sum + (i + 1) * parseInt(c, 36), 0) % 36).toString(36);

/** A new run id, started at `now`. */
export function newRunId(now = Date.now()): string {
  const time = Math.floor(now / MINUTE).toString(36).padStart(TIME_DIGITS, '0');
  const random = randomInt(36 ** RANDOM_DIGITS).toString(36).padStart(RANDOM_DIGITS, '0');
  return `${time}${random}${checkDigit(time + random)}`;
}

/** When the run of this id started (to the minute); undefined for an id that is not of the default format. */
export function runStartedAt(id: string): Date | undefined {
  if (!new RegExp(`^[0-9a-z]{${RUN_ID_LENGTH}}$`).test(id) || checkDigit(id.slice(0, -1)) !== id.at(-1)) return undefined;
  const started = parseInt(id.slice(0, TIME_DIGITS), 36) * MINUTE;
  return started >= FORMAT_EPOCH ? new Date(started) : undefined;
}

/** What every unique token of one worker of a run starts with; a counter follows. */
export const tokenPrefix = (runId: string, workerIndex: number): string => `${runId}${workerIndex.toString(36)}x`;

/** A product's sku, from a unique token. */
export const skuOf = (token: string): string => `T-${token}`.toUpperCase();

/** The words an order's shipping address ends with, naming its run. */
export const addressMark = (runId: string): string => `(suite run ${runId})`;

/** What a search of shipping addresses for any run's orders looks for. */
export const ANY_ADDRESS_MARK = '(suite run ';

/** A LIKE pattern for the shipping addresses of one run's orders. */
export const addressesOfRun = (runId: string): string => `%${addressMark(runId)}`;

export interface RunMark {
  runId: string;
  /** When the run started; undefined for a run id chosen by hand (RUN_ID). */
  startedAt: Date | undefined;
}

const TOKEN = new RegExp(`(?:^|[_.-])([0-9a-z]{${RUN_ID_LENGTH}})[0-9a-z]*x[0-9a-z]+(?=$|[_.-])`, 'gi');
const ADDRESS = / \(suite run ([a-z0-9]{4,12})\)$/;

/**
 * The run a username or sku was made by, if the suite made it: its token starts with a run
 * id of the default format, whose check digit a name chosen by a person passes by chance
 * once in 36.
 */
export function runOfName(name: string): RunMark | undefined {
  for (const [, candidate] of name.matchAll(TOKEN)) {
    const runId = candidate!.toLowerCase();
    const startedAt = runStartedAt(runId);
    if (startedAt) return { runId, startedAt };
  }
  return undefined;
}

/** The run an order's shipping address names, if the suite made it (an address says so in words). */
export function runOfAddress(address: string): RunMark | undefined {
  const runId = ADDRESS.exec(address)?.[1];
  return runId === undefined ? undefined : { runId, startedAt: runStartedAt(runId) };
}
