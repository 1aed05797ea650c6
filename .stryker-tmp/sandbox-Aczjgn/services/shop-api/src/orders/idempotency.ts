// @ts-nocheck
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { HttpProblem, PROBLEM_TYPES, unprocessable } from '../lib/problem.js';

// Idempotency-Key for checkout, per user. The key is claimed (committed as in flight)
// before the work starts, so a concurrent duplicate sees it and gets 409; the response
// is stored with the work's own transaction, so a crash can never leave an order
// without its key. An in-flight claim older than IN_FLIGHT_EXPIRY_SECONDS belongs to a
// request that died and may be taken over.

const IN_FLIGHT_EXPIRY_SECONDS = 60;

export type StoredResponse = { status: number; body: unknown };

/** Same request body, same fingerprint: keys in sorted order, so property order does not matter. */
export function fingerprint(body: unknown): string {
  const canonical = JSON.stringify(body, (_key, value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)))
      : value,
  );
  return createHash('sha256').update(canonical).digest('hex');
}

/** Claims the key for this request, or returns the response to replay. */
export async function claimKey(db: pg.Pool, userId: number, key: string, print: string): Promise<{ replay?: StoredResponse }> {
  for (;;) {
    const claimed = await db.query(
      `INSERT INTO idempotency_keys (user_id, key, fingerprint, state) VALUES ($1, $2, $3, 'in_flight')
       ON CONFLICT (user_id, key) DO NOTHING`,
      [userId, key, print],
    );
    if (claimed.rowCount) return {};
    const { rows } = await db.query<{ fingerprint: string; state: string; response_status: number; response_body: unknown; stale: boolean }>(
      `SELECT fingerprint, state, response_status, response_body,
              created_at < now() - make_interval(secs => $3) AS stale
       FROM idempotency_keys WHERE user_id = $1 AND key = $2`,
      [userId, key, IN_FLIGHT_EXPIRY_SECONDS],
    );
    const existing = rows[0];
    if (!existing) continue; // released between our insert and select: try again
    if (existing.fingerprint !== print) {
      throw unprocessable('this Idempotency-Key was already used with a different request body', [
        { path: 'header.idempotency-key', message: 'was already used with a different request body' },
      ]);
    }
    if (existing.state === 'done') return { replay: { status: existing.response_status, body: existing.response_body } };
    if (existing.stale) {
      const taken = await db.query(
        `UPDATE idempotency_keys SET created_at = now() WHERE user_id = $1 AND key = $2 AND state = 'in_flight'
           AND created_at < now() - make_interval(secs => $3)`,
        [userId, key, IN_FLIGHT_EXPIRY_SECONDS],
      );
      if (taken.rowCount) return {};
    }
    throw new HttpProblem(409, 'a request with this Idempotency-Key is still in progress; retry shortly', {
      type: PROBLEM_TYPES.conflict,
      headers: { 'retry-after': '1' },
    });
  }
}

/** Stores the response for replay (inside the work's transaction, or after a 4xx). */
export async function completeKey(db: pg.Pool | pg.PoolClient, userId: number, key: string, response: StoredResponse): Promise<void> {
  await db.query(
    `UPDATE idempotency_keys SET state = 'done', response_status = $3, response_body = $4 WHERE user_id = $1 AND key = $2`,
    [userId, key, response.status, JSON.stringify(response.body)],
  );
}

/** Frees the key after an unexpected failure, so that a retry can run the request again. */
export async function releaseKey(db: pg.Pool, userId: number, key: string): Promise<void> {
  await db.query(`DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2 AND state = 'in_flight'`, [userId, key]);
}
