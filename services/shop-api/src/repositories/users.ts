import type pg from 'pg';
import { withTransaction } from '../db/transaction.js';
import { conflict } from '../lib/problem.js';
import type { RoleName } from '../schemas/users.js';

export type UserRow = {
  id: number;
  username: string;
  email: string;
  bio: string | null;
  role: RoleName;
  is_active: boolean;
  version: number;
  created_at: Date;
  updated_at: Date;
};

// The password hash is read only by the login query, never by the views.
const COLUMNS = 'id, username, email, bio, role, is_active, version, created_at, updated_at';

export const publicView = (u: UserRow) => ({ id: u.id, username: u.username, bio: u.bio, created_at: u.created_at });

type Queryable = pg.Pool | pg.PoolClient;

/** Turns a unique-index violation into a 409 that names the taken field. */
function rethrowTaken(err: unknown): never {
  const e = err as { code?: string; constraint?: string };
  if (e.code === '23505' && e.constraint === 'users_username_unique') throw conflict('username is already taken');
  if (e.code === '23505' && e.constraint === 'users_email_unique') throw conflict('email is already registered');
  throw err;
}

export async function insertUser(
  db: Queryable,
  user: { username: string; email: string; passwordHash: string; role?: RoleName; isActive?: boolean },
): Promise<UserRow> {
  const { rows } = await db
    .query<UserRow>(
      `INSERT INTO users (username, email, password_hash, role, is_active)
       VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
      [user.username, user.email, user.passwordHash, user.role ?? 'customer', user.isActive ?? true],
    )
    .catch(rethrowTaken);
  return rows[0]!;
}

export async function findUser(db: Queryable, id: number): Promise<UserRow | undefined> {
  const { rows } = await db.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE id = $1 AND deleted_at IS NULL`, [id]);
  return rows[0];
}

export async function findLoginUser(db: Queryable, username: string) {
  const { rows } = await db.query<{ id: number; password_hash: string; is_active: boolean }>(
    'SELECT id, password_hash, is_active FROM users WHERE lower(username) = lower($1) AND deleted_at IS NULL',
    [username],
  );
  return rows[0];
}

export async function listUsers(
  db: Queryable,
  filter: { limit: number; offset: number; isActive?: boolean | undefined; q?: string | undefined },
): Promise<{ rows: UserRow[]; total: number }> {
  const { rows } = await db.query<UserRow & { total: string }>(
    `SELECT ${COLUMNS}, count(*) OVER () AS total FROM users
     WHERE deleted_at IS NULL
       AND ($3::boolean IS NULL OR is_active = $3)
       AND ($4::text IS NULL OR username ILIKE '%' || $4 || '%' OR email ILIKE '%' || $4 || '%')
     ORDER BY id LIMIT $1 OFFSET $2`,
    [filter.limit, filter.offset, filter.isActive ?? null, filter.q?.replace(/[\\%_]/g, '\\$&') ?? null],
  );
  const total = rows[0] ? Number(rows[0].total) : await countUsers(db, filter);
  return { rows: rows.map(({ total: _total, ...u }) => u), total };
}

// An offset past the end returns no rows, and so no window count: ask for it.
async function countUsers(db: Queryable, filter: { isActive?: boolean | undefined; q?: string | undefined }) {
  const { rows } = await db.query<{ n: string }>(
    `SELECT count(*) AS n FROM users WHERE deleted_at IS NULL
       AND ($1::boolean IS NULL OR is_active = $1)
       AND ($2::text IS NULL OR username ILIKE '%' || $2 || '%' OR email ILIKE '%' || $2 || '%')`,
    [filter.isActive ?? null, filter.q?.replace(/[\\%_]/g, '\\$&') ?? null],
  );
  return Number(rows[0]!.n);
}

export type UserChanges = Partial<Pick<UserRow, 'username' | 'email' | 'bio' | 'role' | 'is_active'>> & {
  password_hash?: string;
};

const UPDATABLE = new Set(['username', 'email', 'bio', 'role', 'is_active', 'password_hash']);

/**
 * Applies changes when the stored version still equals expectedVersion (or always, when it is undefined).
 * Returns the new row, 'stale' when the version moved on, or undefined when the user does not exist.
 */
export async function updateUser(
  db: Queryable,
  id: number,
  changes: UserChanges,
  expectedVersion: number | undefined,
): Promise<UserRow | 'stale' | undefined> {
  const entries = Object.entries(changes).filter(([column, v]) => v !== undefined && UPDATABLE.has(column));
  const sets = entries.map(([column], i) => `${column} = $${i + 3}`);
  const { rows } = await db
    .query<UserRow>(
      `UPDATE users SET ${[...sets, 'version = version + 1', 'updated_at = now()'].join(', ')}
       WHERE id = $1 AND deleted_at IS NULL AND ($2::integer IS NULL OR version = $2)
       RETURNING ${COLUMNS}`,
      [id, Number.isNaN(expectedVersion) ? -1 : (expectedVersion ?? null), ...entries.map(([, v]) => v)],
    )
    .catch(rethrowTaken);
  if (rows[0]) return rows[0];
  return (await findUser(db, id)) ? 'stale' : undefined;
}

/** Soft-deletes the user and revokes every token it holds, in one transaction. */
export async function deleteUser(pool: pg.Pool, id: number): Promise<boolean> {
  return withTransaction(pool, async (client) => {
    const { rowCount } = await client.query(
      'UPDATE users SET deleted_at = now(), version = version + 1 WHERE id = $1 AND deleted_at IS NULL',
      [id],
    );
    await client.query('UPDATE access_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL', [id]);
    return rowCount === 1;
  });
}
