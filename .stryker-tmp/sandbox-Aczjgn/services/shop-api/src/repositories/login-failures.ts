// @ts-nocheck
import type pg from 'pg';

/** Failures for a username within the window, and when the oldest of them leaves it. */
export async function recentFailures(db: pg.Pool, username: string, windowSeconds: number) {
  const { rows } = await db.query<{ count: string; retry_after: number | null }>(
    `SELECT count(*) AS count,
            ceil(extract(epoch FROM min(failed_at) + make_interval(secs => $2) - now()))::integer AS retry_after
     FROM login_failures WHERE lower(username) = lower($1) AND failed_at > now() - make_interval(secs => $2)`,
    [username, windowSeconds],
  );
  return { count: Number(rows[0]!.count), retryAfterSeconds: Math.max(1, rows[0]!.retry_after ?? 1) };
}

export async function recordFailure(db: pg.Pool, username: string): Promise<void> {
  await db.query('INSERT INTO login_failures (username) VALUES ($1)', [username]);
}

export async function clearFailures(db: pg.Pool, username: string): Promise<void> {
  await db.query('DELETE FROM login_failures WHERE lower(username) = lower($1)', [username]);
}
