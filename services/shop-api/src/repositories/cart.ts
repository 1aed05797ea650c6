import type pg from 'pg';
import { conflict, notFound, unprocessable } from '../lib/problem.js';

export type CartLine = {
  id: number;
  product_id: number;
  name: string;
  unit_price_cents: number;
  quantity: number;
  line_total_cents: number;
  currency: string;
};

// Lines are priced at the product's current price; the order freezes the price at checkout.
const LINES = `SELECT ci.id, ci.product_id, p.name, p.price_cents AS unit_price_cents, ci.quantity,
                      p.price_cents * ci.quantity AS line_total_cents, p.currency
               FROM cart_items ci JOIN products p ON p.id = ci.product_id`;

export const DEFAULT_CURRENCY = 'USD';

export async function cartLines(db: pg.Pool | pg.PoolClient, userId: number): Promise<CartLine[]> {
  const { rows } = await db.query<CartLine>(`${LINES} WHERE ci.user_id = $1 ORDER BY ci.id`, [userId]);
  return rows;
}

export function cartView(lines: CartLine[]) {
  return {
    items: lines.map(({ currency: _currency, ...line }) => line),
    total_cents: lines.reduce((sum, line) => sum + line.line_total_cents, 0),
    currency: lines[0]?.currency ?? DEFAULT_CURRENCY,
  };
}

/**
 * The line as this request's write left it, in the same statement: a second read could
 * show another request's write to the line made in between, or find it gone.
 */
async function written(db: pg.Pool, write: string, params: unknown[]): Promise<CartLine | undefined> {
  const { rows } = await db.query<CartLine>(
    `WITH w AS (${write} RETURNING id, product_id, quantity)
     SELECT w.id, w.product_id, p.name, p.price_cents AS unit_price_cents, w.quantity,
            p.price_cents * w.quantity AS line_total_cents, p.currency
     FROM w JOIN products p ON p.id = w.product_id`,
    params,
  );
  return rows[0];
}

const tooMany = (err: unknown): never => {
  /* v8 ignore next 2 -- any other database error goes on to the error handler (503 or 500) */
  if ((err as { code?: string }).code === '23514') throw unprocessable('a cart line holds at most 99 of a product', [{ path: 'body.quantity', message: 'would take the line past 99' }]);
  throw err;
};

/** Adds to the caller's line for this product (one atomic upsert, so concurrent adds all count). */
export async function addToCart(db: pg.Pool, userId: number, productId: number, quantity: number): Promise<CartLine> {
  const { rows: products } = await db.query<{ currency: string }>('SELECT currency FROM products WHERE id = $1 AND archived_at IS NULL', [productId]);
  if (!products[0]) throw notFound('product');
  const { rows: others } = await db.query<{ currency: string }>(
    `SELECT p.currency FROM cart_items ci JOIN products p ON p.id = ci.product_id
     WHERE ci.user_id = $1 AND p.currency <> $2 LIMIT 1`,
    [userId, products[0].currency],
  );
  if (others[0]) throw conflict(`the cart holds ${others[0].currency} items and this product is priced in ${products[0].currency}`);
  const added = await written(
    db,
    `INSERT INTO cart_items (user_id, product_id, quantity) VALUES ($1, $2, $3)
     ON CONFLICT (user_id, product_id) DO UPDATE SET quantity = cart_items.quantity + EXCLUDED.quantity`,
    [userId, productId, quantity],
  ).catch(tooMany);
  return added!;
}

export async function setCartQuantity(db: pg.Pool, userId: number, itemId: number, quantity: number): Promise<CartLine> {
  const line = await written(db, 'UPDATE cart_items SET quantity = $3 WHERE id = $1 AND user_id = $2', [itemId, userId, quantity]);
  if (!line) throw notFound('cart item');
  return line;
}

export async function removeFromCart(db: pg.Pool, userId: number, itemId: number): Promise<void> {
  const { rowCount } = await db.query('DELETE FROM cart_items WHERE id = $1 AND user_id = $2', [itemId, userId]);
  if (!rowCount) throw notFound('cart item');
}
