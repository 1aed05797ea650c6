import type { Night, TestLine } from './night.js';
import { expired, type QuarantineEntry } from './quarantine.js';

// Tonight, judged against the nights before it (docs/staging.md, "The history"). The rules,
// in the order they are tried for each test that ran tonight:
//   outage         most tests failed at once tonight (OUTAGE_SHARE of those that ran, at
//                  least OUTAGE_MIN): staging was down. Reported as one line, not as a
//                  failure per test, and left out when later nights look back.
//   flaky          passed on a retry tonight, or changed between passing and failing at
//                  least FLIP_COUNT times in the last FLIP_WINDOW nights (tonight included).
//   still failing  failed tonight and on the night before (K = 2 nights); how long it has
//                  failed is counted back to the last night it passed.
//   new failure    failed tonight, and passed (or did not exist) the night before.
//   fixed          passed tonight, failed the night before.
//   healthy        passed tonight and the night before.
// "The night before" is the last earlier night that was not an outage and in which the
// test ran (not skipped).

export const OUTAGE_SHARE = 0.5;
export const OUTAGE_MIN = 10;
export const FLIP_WINDOW = 14;
export const FLIP_COUNT = 3;
/** A quarantined test that passed on this many nights in a row (tonight the last) may be let out. */
export const READY_AFTER = 3;

export type Verdict = 'new failure' | 'still failing' | 'flaky' | 'fixed' | 'healthy';

export interface Judged {
  test: TestLine;
  verdict: Verdict;
  /** still failing: for how many nights in a row (tonight included). */
  failingNights?: number;
  /** flaky: how many times it changed in the window. */
  flips?: number;
  quarantine?: QuarantineEntry;
}

export interface Judgement {
  night: Night;
  nightsBefore: number;
  outage?: { failed: number; ran: number };
  tests: Judged[];
  /** Tests that failed tonight and are not in quarantine: each fails the night. */
  failing: Judged[];
  quarantine: {
    /** Failed or flaky tonight, and in quarantine: recorded, not failing the night. */
    held: Judged[];
    expired: QuarantineEntry[];
    /** Passed on the last READY_AFTER nights: ready to be let out. */
    ready: QuarantineEntry[];
    /** Entries that name no test of tonight's run. */
    unknown: QuarantineEntry[];
  };
  /** Whether the night fails: a failure outside quarantine, an expired entry, or an outage. */
  fails: boolean;
}

const failedLike = (status: TestLine['status'] | undefined) => status === 'failed';
const ran = (status: TestLine['status'] | undefined) => status !== undefined && status !== 'skipped';

export function isOutage(night: Night): { failed: number; ran: number } | undefined {
  const ranTests = night.tests.filter((t) => ran(t.status));
  const failed = ranTests.filter((t) => failedLike(t.status)).length;
  return failed >= OUTAGE_MIN && failed >= OUTAGE_SHARE * ranTests.length ? { failed, ran: ranTests.length } : undefined;
}

/** Judges the last night of `nights` (oldest first) against those before it. */
export function judge(nights: Night[], quarantine: QuarantineEntry[], now = new Date()): Judgement {
  const night = nights.at(-1);
  if (!night) throw new Error('no night to judge: the history is empty');
  const before = nights.slice(0, -1).filter((n) => !isOutage(n));
  const outage = isOutage(night);
  const byNight = before.map((n) => new Map(n.tests.map((t) => [t.id, t.status])));
  const inQuarantine = new Map(quarantine.map((e) => [e.test, e]));

  const tests: Judged[] = night.tests.filter((t) => ran(t.status)).map((test) => {
    const history = byNight.map((m) => m.get(test.id)).filter(ran); // earlier nights it ran in, oldest first
    const previous = history.at(-1);
    const window = [...history.slice(-(FLIP_WINDOW - 1)), test.status].map((s) => (failedLike(s) ? 'F' : 'P'));
    const flips = window.slice(1).filter((s, i) => s !== window[i]).length;
    const quarantined = inQuarantine.get(test.id);
    const judged = (verdict: Verdict, extra: Partial<Judged> = {}): Judged => ({ test, verdict, ...extra, ...(quarantined ? { quarantine: quarantined } : {}) });
    if (test.status === 'flaky' || flips >= FLIP_COUNT) return judged('flaky', { flips });
    if (failedLike(test.status)) {
      if (!failedLike(previous)) return judged('new failure');
      let failingNights = 1;
      for (const status of [...history].reverse()) {
        if (!failedLike(status)) break;
        failingNights += 1;
      }
      return judged('still failing', { failingNights });
    }
    return judged(failedLike(previous) ? 'fixed' : 'healthy');
  });

  const failedTonight = tests.filter((j) => failedLike(j.test.status));
  const ranIds = new Set(night.tests.map((t) => t.id));
  const passedLast = (id: string, n: number) => {
    const last = [...before.map((b) => b.tests.find((t) => t.id === id)?.status), night.tests.find((t) => t.id === id)?.status].filter(ran).slice(-n);
    return last.length === n && last.every((s) => s === 'passed');
  };
  const expiredEntries = quarantine.filter((e) => expired(e, now));
  const failing = failedTonight.filter((j) => !j.quarantine);
  return {
    night,
    nightsBefore: before.length,
    ...(outage ? { outage } : {}),
    tests,
    failing,
    quarantine: {
      held: tests.filter((j) => j.quarantine && j.test.status !== 'passed'),
      expired: expiredEntries,
      ready: quarantine.filter((e) => passedLast(e.test, READY_AFTER)),
      unknown: quarantine.filter((e) => !ranIds.has(e.test)),
    },
    fails: outage !== undefined || failing.length > 0 || expiredEntries.length > 0,
  };
}
