import { ensureOk } from '../../api-clients/index.js';
import { expect, test } from '../../fixtures/index.js';

// What a 201 leaves in the database, read there directly.

test.describe('persistence', { tag: '@integrity' }, () => {
  test('a registered user is a row; its password is stored only as a slow, salted hash', async ({ api, db, factories, cleanup }) => {
    const password = 'the same password 1';
    const [first, second] = await Promise.all([0, 1].map(async () => {
      const user = ensureOk(await api.auth.register(factories.user({ password })));
      cleanup.user({ ...user, password });
      return user;
    }));

    const { rows } = await db.query<{ id: number; username: string; password_hash: string; row: string }>(
      'SELECT id, username, password_hash, row_to_json(u)::text AS row FROM users u WHERE id = ANY($1) ORDER BY id',
      [[first!.id, second!.id]],
    );

    expect(rows.map((r) => [r.id, r.username])).toEqual([first!, second!].sort((a, b) => a.id - b.id).map((u) => [u.id, u.username]));
    for (const row of rows) {
      const [, salt] = /^scrypt\$\d+\$\d+\$\d+\$([A-Za-z0-9+/=]+)\$[A-Za-z0-9+/=]+$/.exec(row.password_hash) ?? [];
      expect(Buffer.from(salt ?? '', 'base64').length, 'salt bytes').toBeGreaterThanOrEqual(16);
      expect(row.row).not.toContain(password);
    }
    expect(rows[0]!.password_hash, 'same password, different salt').not.toBe(rows[1]!.password_hash);
  });

  test('an order is rows: the order, its items and its status history', async ({ db, customer, product, shop }) => {
    const order = await shop.buy(customer, product, { quantity: 2 });

    const stored = await db.query('SELECT user_id, total_cents, currency, shipping_address FROM orders WHERE id = $1', [order.id]);
    const items = await db.query('SELECT product_id, quantity, unit_price_cents FROM order_items WHERE order_id = $1', [order.id]);
    const history = await db.query("SELECT status FROM order_status_history WHERE order_id = $1 AND status = 'pending'", [order.id]);

    expect(stored.rows).toEqual([{ user_id: customer.user.id, total_cents: order.total_cents, currency: order.currency, shipping_address: order.shipping_address }]);
    expect(items.rows).toEqual([{ product_id: product.id, quantity: 2, unit_price_cents: product.price_cents }]);
    expect(history.rows).toEqual([{ status: 'pending' }]);
  });

  test("a deleted user's orders are kept, and an admin can still read them", async ({ db, admin, customer, product, shop }) => {
    const order = await shop.settled(customer, (await shop.buy(customer, product)).id);
    expect(order.status).toBe('paid');

    expect((await customer.api.users.remove(customer.user.id)).status).toBe(204);

    const rows = await db.query<{ user_id: number; deleted: boolean }>(
      'SELECT o.user_id, u.deleted_at IS NOT NULL AS deleted FROM orders o JOIN users u ON u.id = o.user_id WHERE o.id = $1',
      [order.id],
    );
    expect(rows.rows).toEqual([{ user_id: customer.user.id, deleted: true }]);
    const read = await admin.api.orders.get(order.id);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(order);
  });

  test('a refund the provider makes is asked for once and recorded as done, with its id', async ({ db, customer, product, shop, paymentProvider }) => {
    const order = await shop.settled(customer, (await shop.buy(customer, product)).id);
    expect((await customer.api.orders.cancel(order.id)).body.status).toBe('cancelled');

    await expect
      .poll(async () => (await db.query<{ refund_state: string }>('SELECT refund_state FROM orders WHERE id = $1', [order.id])).rows[0]?.refund_state, {
        message: `order ${order.id}'s refund to be done`,
        timeout: 15_000,
        intervals: [100, 250, 500],
      })
      .toBe('done');
    const refunds = (await paymentProvider.refunds(order.id)).body;
    const { rows } = await db.query<{ refund_id: string }>('SELECT refund_id FROM orders WHERE id = $1', [order.id]);
    expect((await paymentProvider.refundAttempts(order.id)).body.map((a) => a.outcome), 'asked once, not again').toEqual(['refunded']);
    expect(rows).toEqual([{ refund_id: refunds[0]!.id }]);
  });

  // A refund that cannot be made is not retried forever: the order is marked for a person.
  for (const [cardToken, outcome, attempts] of [['tok_refundRefused', 'refused', 1], ['tok_refundUnavailable', 'unavailable', 5]] as const) {
    test(`a refund the provider answers ${outcome} is asked for ${attempts === 1 ? 'once (a refusal is final)' : `${attempts} times`}, then recorded as failed`, async ({ db, customer, product, shop, paymentProvider }) => {
      const order = await shop.buy(customer, product, { cardToken });
      expect((await shop.settled(customer, order.id)).status).toBe('paid');

      expect((await customer.api.orders.cancel(order.id)).body.status).toBe('cancelled');

      await expect
        .poll(async () => (await db.query<{ refund_state: string }>('SELECT refund_state FROM orders WHERE id = $1', [order.id])).rows[0]?.refund_state, {
          message: `order ${order.id}'s refund to be given up`,
          timeout: 15_000,
          intervals: [100, 250, 500],
        })
        .toBe('failed');
      const asked = (await paymentProvider.refundAttempts(order.id)).body;
      expect(asked.map((a) => a.outcome)).toEqual(Array.from({ length: attempts }, () => outcome));
      expect((await paymentProvider.refunds(order.id)).body).toEqual([]);
    });
  }
});
