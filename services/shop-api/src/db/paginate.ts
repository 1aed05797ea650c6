import type pg from 'pg';

export interface Page {
  limit: number;
  offset: number;
}

/**
 * One page of a list and the total the X-Total-Count header reports, read in ONE
 * statement, so that both come from the same snapshot: read in two, a row written in
 * between showed as a page larger than its total. `from` is the FROM and WHERE part
 * shared by the count and the page, with $1..$n bound to params. An empty page (an offset
 * past the end) still has its total: the page is joined to the count, not the other way.
 */
export async function paginate<Row extends pg.QueryResultRow>(
  db: pg.Pool,
  query: { select: string; from: string; orderBy: string; params: unknown[] },
  page: Page,
): Promise<{ rows: Row[]; total: number }> {
  const n = query.params.length;
  const { rows } = await db.query<Row & { __total: number; __position: string | null }>(
    `SELECT page.*, counted.__total
       FROM (SELECT count(*)::integer AS __total FROM ${query.from}) counted
       LEFT JOIN LATERAL (
         SELECT ${query.select}, row_number() OVER (ORDER BY ${query.orderBy}) AS __position
           FROM ${query.from} ORDER BY ${query.orderBy} LIMIT $${n + 1} OFFSET $${n + 2}
       ) page ON true
      ORDER BY page.__position`,
    [...query.params, page.limit, page.offset],
  );
  return {
    rows: rows.filter((row) => row.__position !== null).map(({ __total: _total, __position: _position, ...row }) => row as unknown as Row),
    total: rows[0]!.__total,
  };
}

/** A search term for ILIKE, with its own wildcards escaped. */
export const likePattern = (q: string | undefined): string | null =>
  q === undefined ? null : `%${q.replace(/[\\%_]/g, '\\$&')}%`;
