import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';

// The quarantine: known-flaky or known-broken tests that still run and are recorded, but
// cannot fail the night. A file in the repository (quarantine.json), changed by pull
// request like code. Each entry names its owner, the issue that tracks it, why, and when
// it was added and expires; an expired entry fails the night, naming its owner. Capped, so
// that it stays a short list someone reads.

/** At most this many entries. */
export const MAX_ENTRIES = 10;
/** An entry lasts at most this many days: long enough to fix a test, short enough to be seen again. */
export const MAX_DAYS = 30;

const DAY = 24 * 60 * 60 * 1000;
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date, YYYY-MM-DD');

export const QuarantineEntry = z
  .object({
    /** The test's id in the history: "file › describe › title" (npm run history lists them). */
    test: z.string().min(1),
    owner: z.string().min(1),
    /** The issue that tracks the fix (a URL or #123). */
    issue: z.string().min(1),
    reason: z.string().min(1),
    added: date,
    expires: date,
  })
  .strict()
  .refine((e) => Date.parse(e.expires) > Date.parse(e.added), { message: 'expires must come after added', path: ['expires'] })
  .refine((e) => Date.parse(e.expires) - Date.parse(e.added) <= MAX_DAYS * DAY, { message: `an entry lasts at most ${MAX_DAYS} days`, path: ['expires'] });
export type QuarantineEntry = z.infer<typeof QuarantineEntry>;

export const Quarantine = z.object({
  about: z.string().optional(),
  entries: z.array(QuarantineEntry).max(MAX_ENTRIES, `at most ${MAX_ENTRIES} tests in quarantine: fix or remove one first`),
}).strict();
export type Quarantine = z.infer<typeof Quarantine>;

export class QuarantineError extends Error {
  override name = 'QuarantineError';
}

/** The quarantine file, checked; an empty quarantine where there is no file. */
export function readQuarantine(file: string | undefined): QuarantineEntry[] {
  if (!file || !existsSync(file)) return [];
  const parsed = Quarantine.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new QuarantineError(`${file} is not a valid quarantine:\n${z.prettifyError(parsed.error)}`);
  const seen = new Set<string>();
  for (const entry of parsed.data.entries) {
    if (seen.has(entry.test)) throw new QuarantineError(`${file}: ${entry.test} is in quarantine twice`);
    seen.add(entry.test);
  }
  return parsed.data.entries;
}

/** Whether the entry has expired on the day of `now` (it holds through its expiry date). */
export const expired = (entry: QuarantineEntry, now: Date): boolean => now.toISOString().slice(0, 10) > entry.expires;
