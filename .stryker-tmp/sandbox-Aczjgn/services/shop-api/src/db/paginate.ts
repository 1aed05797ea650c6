// @ts-nocheck
import type pg from 'pg';

export interface Page {
  limit: number;
  offset: number;
}

/**
 * One page of a list and the total the X-Total-Count header reports. `from` is the FROM
 * and WHERE part shared by both queries, with $1..$n bound to params.
 */
export async function paginate<Row extends pg.QueryResultRow>(
  db: pg.Pool,
  query: { select: string; from: string; orderBy: string; params: unknown[] },
  page: Page,
): Promise<{ rows: Row[]; total: number }> {
  const n = query.params.length;
  const [rows, count] = await Promise.all([
    db.query<Row>(`SELECT ${query.select} FROM ${query.from} ORDER BY ${query.orderBy} LIMIT $${n + 1} OFFSET $${n + 2}`, [
      ...query.params,
      page.limit,
      page.offset,
    ]),
    db.query<{ n: number }>(`SELECT count(*)::integer AS n FROM ${query.from}`, query.params),
  ]);
  return { rows: rows.rows, total: count.rows[0]!.n };
}

/** A search term for ILIKE, with its own wildcards escaped. */
export const likePattern = (q: string | undefined): string | null =>
  q === undefined ? null : `%${q.replace(/[\\%_]/g, '\\$&')}%`;
