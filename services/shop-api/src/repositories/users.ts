import type pg from 'pg';
import { withTransaction } from '../db/transaction.js';
import { likePattern, paginate, type Page } from '../db/paginate.js';
import { versionedUpdate } from '../db/versioned-update.js';
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
  // Stryker disable next-line LogicalOperator: equivalent, the other unique indexes of users are the username's (above) and the id the database assigns
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
  db: pg.Pool,
  filter: Page & { isActive?: boolean | undefined; q?: string | undefined },
): Promise<{ rows: UserRow[]; total: number }> {
  return paginate<UserRow>(db, {
    select: COLUMNS,
    from: `users WHERE deleted_at IS NULL
             AND ($1::boolean IS NULL OR is_active = $1)
             AND ($2::text IS NULL OR username ILIKE $2 OR email ILIKE $2)`,
    orderBy: 'id',
    params: [filter.isActive ?? null, likePattern(filter.q)],
  }, filter);
}

export type UserChanges = Partial<Pick<UserRow, 'username' | 'email' | 'bio' | 'role' | 'is_active'>> & {
  password_hash?: string;
};

const UPDATABLE = new Set(['username', 'email', 'bio', 'role', 'is_active', 'password_hash']);

/** Applies changes if the stored version is still expectedVersion (see versionedUpdate). */
export async function updateUser(
  db: Queryable,
  id: number,
  changes: UserChanges,
  expectedVersion: number | undefined,
): Promise<UserRow | 'stale' | undefined> {
  return versionedUpdate<UserRow>(
    db,
    { table: 'users', columns: COLUMNS, allowed: UPDATABLE, where: 'deleted_at IS NULL' },
    id,
    changes,
    expectedVersion,
  ).catch(rethrowTaken);
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
