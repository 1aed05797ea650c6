import type pg from 'pg';
import type { RoleName } from '../schemas/users.js';

export async function recordToken(db: pg.Pool, jti: string, userId: number, ttlSeconds: number): Promise<void> {
  await db.query(
    `INSERT INTO access_tokens (jti, user_id, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))`,
    [jti, userId, ttlSeconds],
  );
}

/** The holder of a token that is unrevoked, unexpired, and whose user still exists and is active. */
export async function findTokenHolder(db: pg.Pool, jti: string, userId: number) {
  const { rows } = await db.query<{ id: number; role: RoleName }>(
    `SELECT u.id, u.role FROM access_tokens t JOIN users u ON u.id = t.user_id
     WHERE t.jti = $1 AND t.user_id = $2 AND t.revoked_at IS NULL AND t.expires_at > now()
       AND u.deleted_at IS NULL AND u.is_active`,
    [jti, userId],
  );
  return rows[0];
}

/** Revokes a token; false when it was revoked already (by a request that ran at the same time). */
export async function revokeToken(db: pg.Pool, jti: string): Promise<boolean> {
  const { rowCount } = await db.query('UPDATE access_tokens SET revoked_at = now() WHERE jti = $1 AND revoked_at IS NULL', [jti]);
  return rowCount === 1;
}
