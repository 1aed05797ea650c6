import type pg from 'pg';
import { withTransaction } from '../db/transaction.js';

type Queryable = pg.Pool | pg.PoolClient;

/** Namespace of the advisory locks taken here (the second key is the username's hash). */
const LOGIN_LOCKS = 0x6c6f67;

/** Failures for a username within the window, and when the oldest of them leaves it. */
export async function recentFailures(db: Queryable, username: string, windowSeconds: number) {
  const { rows } = await db.query<{ count: string; retry_after: number | null }>(
    `SELECT count(*) AS count,
            ceil(extract(epoch FROM min(failed_at) + make_interval(secs => $2) - now()))::integer AS retry_after
     FROM login_failures WHERE lower(username) = lower($1) AND failed_at > now() - make_interval(secs => $2)`,
    [username, windowSeconds],
  );
  return { count: Number(rows[0]!.count), retryAfterSeconds: Math.max(1, rows[0]!.retry_after ?? 1) };
}

/**
 * Settles a login attempt whose password has been checked: under a lock on the username
 * (in any letter case), the count of recent failures and what this attempt does to it
 * (one more failure, or none left after a success) are one step. Without the lock,
 * attempts at once each saw room for one more guess, and more than maxFailures were
 * checked. Returns the seconds to wait when the limit was already reached.
 */
export async function settleAttempt(db: pg.Pool, username: string, succeeded: boolean, limits: { windowSeconds: number; maxFailures: number }): Promise<{ retryAfterSeconds: number } | undefined> {
  return withTransaction(db, async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1, hashtext(lower($2)))', [LOGIN_LOCKS, username]);
    const failures = await recentFailures(tx, username, limits.windowSeconds);
    if (failures.count >= limits.maxFailures) return { retryAfterSeconds: failures.retryAfterSeconds };
    if (succeeded) await tx.query('DELETE FROM login_failures WHERE lower(username) = lower($1)', [username]);
    else await tx.query('INSERT INTO login_failures (username) VALUES ($1)', [username]);
    return undefined;
  });
}
