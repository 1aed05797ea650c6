import { randomInt } from 'node:crypto';

// A run id says when its run started, so that what a run leaves on a shared environment
// can be aged although some of it carries no date (products have no timestamp): five
// base-36 digits of the minute the run started (minutes since 1970), four random ones
// (runs started in the same minute, shards of one CI run, still differ), and a check
// digit, so that a name someone else chose is not taken for the suite's by chance.
// Ten characters: "hn3q0" "k2x9" "f".

const MINUTE = 60_000;
const TIME_DIGITS = 5;
const RANDOM_DIGITS = 4;
export const RUN_ID_LENGTH = TIME_DIGITS + RANDOM_DIGITS + 1;
/** No run id of this format was made before this (its time digits would be older). */
const FORMAT_EPOCH = Date.UTC(2025, 0, 1);

const checkDigit = (body: string): string =>
  ([...body].reduce((sum, c, i) => sum + (i + 1) * parseInt(c, 36), 0) % 36).toString(36);

/** A new run id, started at `now`. */
export function newRunId(now = Date.now()): string {
  const time = Math.floor(now / MINUTE).toString(36).padStart(TIME_DIGITS, '0');
  const random = randomInt(36 ** RANDOM_DIGITS).toString(36).padStart(RANDOM_DIGITS, '0');
  return `${time}${random}${checkDigit(time + random)}`;
}

/** When the run of this id started (to the minute); undefined for an id that is not of this format. */
export function runStartedAt(id: string): Date | undefined {
  if (!new RegExp(`^[0-9a-z]{${RUN_ID_LENGTH}}$`).test(id) || checkDigit(id.slice(0, -1)) !== id.at(-1)) return undefined;
  const started = parseInt(id.slice(0, TIME_DIGITS), 36) * MINUTE;
  return started >= FORMAT_EPOCH ? new Date(started) : undefined;
}
