// @ts-nocheck
import type pg from 'pg';
import type { Account } from '../../fixtures/index.js';
import { expect, test } from '../../fixtures/index.js';

// A checkout that fails leaves nothing behind: no order rows, stock and cart as they were.

/** What a failed checkout must not have touched, read from the database. */
async function snapshot(db: pg.Pool, account: Account, productIds: number[]) {
  const [orders, stock, cart] = await Promise.all([
    db.query<{ n: number }>('SELECT count(*)::integer AS n FROM orders WHERE user_id = $1', [account.user.id]),
    db.query('SELECT id, stock, version FROM products WHERE id = ANY($1) ORDER BY id', [productIds]),
    db.query('SELECT product_id, quantity FROM cart_items WHERE user_id = $1 ORDER BY product_id', [account.user.id]),
  ]);
  return { orders: orders.rows[0]!.n, stock: stock.rows, cart: cart.rows };
}

test.describe('rollback', { tag: '@integrity' }, () => {
  test('insufficient stock rolls the whole checkout back', async ({ db, customer, catalogue, factories }) => {
    // Made in this order, so the plentiful line comes first in the transaction (lines are
    // taken in product order): its stock is taken before the scarce one fails, then given back.
    const plenty = await catalogue.create({ stock: 5 });
    const scarce = await catalogue.create({ stock: 2 });
    await customer.api.cart.add(plenty.id, 1);
    await customer.api.cart.add(scarce.id, 3);
    const before = await snapshot(db, customer, [plenty.id, scarce.id]);

    const response = await customer.api.orders.checkout({ shipping_address: factories.address(), payment_method: 'credit_card' });

    expect(response.status).toBe(409);
    expect(await snapshot(db, customer, [plenty.id, scarce.id])).toEqual(before);
    expect(before.orders).toBe(0);
  });

  test('an empty cart and an invalid body change nothing either', async ({ db, customer, product, factories }) => {
    const emptyBefore = await snapshot(db, customer, [product.id]);
    const empty = await customer.api.orders.checkout({ shipping_address: factories.address(), payment_method: 'credit_card' });
    expect(empty.status).toBe(422);
    expect(await snapshot(db, customer, [product.id])).toEqual(emptyBefore);

    await customer.api.cart.add(product.id, 1);
    const before = await snapshot(db, customer, [product.id]);
    const invalid = await customer.api.orders.checkout({ shipping_address: factories.address(), payment_method: 'cash' });
    expect(invalid.status).toBe(422);
    expect(await snapshot(db, customer, [product.id])).toEqual(before);
  });
});
