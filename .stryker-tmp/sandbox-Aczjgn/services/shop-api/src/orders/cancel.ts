// @ts-nocheck
import type pg from 'pg';
import { withTransaction } from '../db/transaction.js';
import { conflict, notFound } from '../lib/problem.js';
import { manages, type Principal } from '../plugins/app/auth.js';
import { findOrder, recordStatus, returnStock, type OrderView } from '../repositories/orders.js';
import type { ProductVersion } from '../repositories/products.js';

/**
 * Cancels a pending or paid order: stock goes back, and a paid order is marked for a
 * refund, which the payment worker asks of the provider. A payment still in flight
 * when the order is cancelled is refunded by the worker once it lands. Returns the order
 * and the products whose stock came back (for the cache to drop).
 */
export async function cancelOrder(pool: pg.Pool, orderId: number, actor: Principal): Promise<{ order: OrderView; changed: ProductVersion[] }> {
  return withTransaction(pool, async (tx) => {
    const { rows } = await tx.query<{ user_id: number; status: string }>('SELECT user_id, status FROM orders WHERE id = $1 FOR UPDATE', [orderId]);
    const order = rows[0];
    if (!order || !manages(actor, order.user_id)) throw notFound('order');
    if (order.status !== 'pending' && order.status !== 'paid') throw conflict(`the order is ${order.status.replace('_', ' ')} and cannot be cancelled`);
    const changed = await returnStock(tx, orderId);
    await tx.query(
      `UPDATE orders SET status = 'cancelled', updated_at = now(),
         refund_state = CASE WHEN status = 'paid' THEN 'pending' ELSE NULL END
       WHERE id = $1`,
      [orderId],
    );
    await recordStatus(tx, orderId, 'cancelled');
    return { order: (await findOrder(tx, orderId))!.view, changed };
  });
}
