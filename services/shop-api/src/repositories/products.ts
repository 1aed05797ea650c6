import type pg from 'pg';
import { likePattern, paginate, type Page } from '../db/paginate.js';
import { versionedUpdate } from '../db/versioned-update.js';
import { conflict } from '../lib/problem.js';
import type { CreateProduct, UpdateProduct } from '../schemas/catalogue.js';

export type ProductRow = {
  id: number;
  sku: string;
  name: string;
  description: string;
  price_cents: number;
  currency: string;
  stock: number;
  version: number;
};

/** A product as a write left it, as much as the cache needs to know (its id and new version). */
export type ProductVersion = Pick<ProductRow, 'id' | 'version'>;

const COLUMNS = 'id, sku, name, description, price_cents, currency, stock, version';
const UPDATABLE = new Set(['name', 'description', 'price_cents', 'stock']);
/** The catalogue: every product not archived. Archived rows stay only for history. */
const LISTED = 'archived_at IS NULL';

export function listProducts(db: pg.Pool, filter: Page & { q?: string | undefined; inStock?: boolean | undefined }) {
  return paginate<ProductRow>(db, {
    select: COLUMNS,
    from: `products WHERE ${LISTED} AND ($1::text IS NULL OR name ILIKE $1 OR sku ILIKE $1 OR description ILIKE $1)
             AND ($2::boolean IS NULL OR (stock > 0) = $2)`,
    orderBy: 'id',
    params: [likePattern(filter.q), filter.inStock ?? null],
  }, filter);
}

export async function findProduct(db: pg.Pool | pg.PoolClient, id: number): Promise<ProductRow | undefined> {
  const { rows } = await db.query<ProductRow>(`SELECT ${COLUMNS} FROM products WHERE id = $1 AND ${LISTED}`, [id]);
  return rows[0];
}

/** The version findProduct would return now: what a cached copy is checked against (it must see the same rows). */
export async function findProductVersion(db: pg.Pool, id: number): Promise<number | undefined> {
  const { rows } = await db.query<{ version: number }>(`SELECT version FROM products WHERE id = $1 AND ${LISTED}`, [id]);
  return rows[0]?.version;
}

export async function insertProduct(db: pg.Pool, product: CreateProduct): Promise<ProductRow> {
  try {
    const { rows } = await db.query<ProductRow>(
      `INSERT INTO products (sku, name, description, price_cents, currency, stock)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
      [product.sku, product.name, product.description ?? '', product.price_cents, product.currency ?? 'USD', product.stock],
    );
    return rows[0]!;
  } catch (err) {
    /* v8 ignore next -- any other database error goes on to the error handler (503 or 500) */
    if ((err as { code?: string }).code !== '23505') throw err;
    // An archived product keeps its sku: order history and outside systems may still name it.
    const { rows } = await db.query<{ archived: boolean }>('SELECT archived_at IS NOT NULL AS archived FROM products WHERE sku = $1', [product.sku]);
    throw conflict(`sku ${product.sku} is already in use${rows[0]?.archived ? ' by an archived product; skus are never reused' : ''}`);
  }
}

export function updateProduct(db: pg.Pool, id: number, changes: UpdateProduct, expectedVersion: number | undefined) {
  return versionedUpdate<ProductRow>(db, { table: 'products', columns: COLUMNS, allowed: UPDATABLE, where: LISTED }, id, changes, expectedVersion);
}

/**
 * Archives a product (DELETE): it leaves the catalogue but its row stays for order history.
 * Same answers as updateProduct: true, 'stale' when If-Match names another version, or
 * undefined when there is no such product in the catalogue (unknown, or already archived).
 */
/** Archives the product (a new version, so that a cached copy of it is dropped): undefined when unknown or archived. */
export function archiveProduct(db: pg.Pool, id: number, expectedVersion: number | undefined) {
  return versionedUpdate<ProductRow>(
    db,
    { table: 'products', columns: COLUMNS, allowed: new Set(['archived_at']), where: LISTED },
    id,
    { archived_at: new Date() },
    expectedVersion,
  );
}
