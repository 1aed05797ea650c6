// @ts-nocheck
import type pg from 'pg';

type Queryable = pg.Pool | pg.PoolClient;

/**
 * The optimistic-concurrency write shared by every versioned table: applies the given
 * columns (only those in `allowed`), bumps version and updated_at, and only when the
 * stored version still equals expectedVersion (or always, when it is undefined; NaN
 * never matches). Returns the new row, 'stale' when the version moved on, or undefined
 * when no such row exists.
 */
export async function versionedUpdate<Row extends pg.QueryResultRow>(
  db: Queryable,
  target: { table: string; columns: string; allowed: ReadonlySet<string>; where?: string },
  id: number,
  changes: Record<string, unknown>,
  expectedVersion: number | undefined,
): Promise<Row | 'stale' | undefined> {
  const entries = Object.entries(changes).filter(([column, v]) => v !== undefined && target.allowed.has(column));
  const sets = entries.map(([column], i) => `${column} = $${i + 3}`);
  const where = target.where ? ` AND ${target.where}` : '';
  const { rows } = await db.query<Row>(
    `UPDATE ${target.table} SET ${[...sets, 'version = version + 1', 'updated_at = now()'].join(', ')}
     WHERE id = $1${where} AND ($2::integer IS NULL OR version = $2)
     RETURNING ${target.columns}`,
    [id, Number.isNaN(expectedVersion) ? -1 : (expectedVersion ?? null), ...entries.map(([, v]) => v)],
  );
  if (rows[0]) return rows[0];
  const exists = await db.query(`SELECT 1 FROM ${target.table} WHERE id = $1${where}`, [id]);
  return exists.rowCount ? 'stale' : undefined;
}
