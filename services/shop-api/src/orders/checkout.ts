import type pg from 'pg';
import { withTransaction } from '../db/transaction.js';
import { conflict, unprocessable } from '../lib/problem.js';
import { findOrder, recordStatus, type OrderView } from '../repositories/orders.js';
import type { ProductVersion } from '../repositories/products.js';

export interface CheckoutInput {
  shipping_address: string;
  payment_method: string;
  card_token: string;
}

/**
 * Turns the caller's cart into a pending order in one transaction: cart lines locked,
 * stock taken with conditional updates (never below zero, so never oversold), order
 * and items written, the ordered lines taken out of the cart. Any failure rolls all of it back. `beforeCommit`
 * runs inside the transaction (the idempotency record commits with the order). Returns
 * the order and the products whose stock it took (for the cache to drop).
 */
export async function checkout(
  pool: pg.Pool,
  userId: number,
  input: CheckoutInput,
  beforeCommit: (tx: pg.PoolClient, order: OrderView) => Promise<void> = async () => {},
): Promise<{ order: OrderView; changed: ProductVersion[] }> {
  return withTransaction(pool, async (tx) => {
    // Product order, so concurrent checkouts lock rows in the same order and cannot deadlock.
    const { rows: lines } = await tx.query<{ id: number; product_id: number; name: string; price_cents: number; currency: string; quantity: number }>(
      `SELECT ci.id, ci.product_id, p.name, p.price_cents, p.currency, ci.quantity
       FROM cart_items ci JOIN products p ON p.id = ci.product_id
       WHERE ci.user_id = $1 ORDER BY ci.product_id FOR UPDATE OF ci`,
      [userId],
    );
    if (lines.length === 0) throw unprocessable('the cart is empty; add items before checking out', [{ path: 'cart.items', message: 'must not be empty' }]);

    const changed: ProductVersion[] = [];
    for (const line of lines) {
      // An archived product is no longer sold, whatever its stock (checked here, not when
      // archived, so an archive racing this checkout is caught too).
      const taken = await tx.query<ProductVersion>(
        `UPDATE products SET stock = stock - $2, version = version + 1, updated_at = now()
         WHERE id = $1 AND stock >= $2 AND archived_at IS NULL RETURNING id, version`,
        [line.product_id, line.quantity],
      );
      changed.push(...taken.rows);
      if (!taken.rowCount) {
        const { rows } = await tx.query<{ stock: number; archived: boolean }>(
          'SELECT stock, archived_at IS NOT NULL AS archived FROM products WHERE id = $1',
          [line.product_id],
        );
        if (rows[0]?.archived) {
          throw conflict(`${line.name} is no longer sold; remove cart item ${line.id} (DELETE /cart/items/${line.id}) and check out again`);
        }
        /* v8 ignore next -- `?? 0`: a cart line's product always has a row (foreign key; products are archived, never deleted) */
        throw conflict(`insufficient stock for ${line.name}: ${line.quantity} requested, ${rows[0]?.stock ?? 0} available`);
      }
    }

    const total = lines.reduce((sum, line) => sum + line.price_cents * line.quantity, 0);
    const { rows } = await tx.query<{ id: number }>(
      `INSERT INTO orders (user_id, status, total_cents, currency, shipping_address, payment_method, card_token)
       VALUES ($1, 'pending', $2, $3, $4, $5, $6) RETURNING id`,
      [userId, total, lines[0]!.currency, input.shipping_address, input.payment_method, input.card_token],
    );
    const orderId = rows[0]!.id;
    await tx.query(
      `INSERT INTO order_items (order_id, product_id, name, unit_price_cents, quantity)
       SELECT $1, * FROM unnest($2::integer[], $3::text[], $4::integer[], $5::integer[])`,
      [orderId, lines.map((l) => l.product_id), lines.map((l) => l.name), lines.map((l) => l.price_cents), lines.map((l) => l.quantity)],
    );
    await recordStatus(tx, orderId, 'pending');
    // The lines ordered, not the whole cart: a line added while this ran is not in the order and stays.
    await tx.query('DELETE FROM cart_items WHERE id = ANY($1::integer[])', [lines.map((l) => l.id)]);

    const order = (await findOrder(tx, orderId))!.view;
    await beforeCommit(tx, order);
    return { order, changed };
  });
}
