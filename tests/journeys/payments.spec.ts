import path from 'node:path';
import pg from 'pg';
import { ensureOk } from '../../api-clients/index.js';
import { expect, test } from '../../fixtures/index.js';
import { serviceLog } from '../../fixtures/setup/service-log.js';

// What happens to an order when the payment provider declines, fails, is slow or
// never answers; double submits; cancelling a paid order; and a returning customer.
// Each asserts on the provider's own records, not only on shop-api's word.

/** Whether shop-api's log (JSON lines) has the payment worker's line about this order. */
function workerSaid(logFile: string, orderId: number, msg: string): boolean {
  return serviceLog(logFile).some((line) => line.orderId === orderId && line.msg === msg);
}

// A journey is a story people read in the report: each keeps a trace of its calls, passed or failed.
test.use({ traceCalls: true });

test.describe('payments', { tag: ['@journey', '@payments'] }, () => {
  test('a declined card: payment_failed, stock returned, nothing charged', async ({ api, customer, product, shop, paymentProvider }) => {
    const order = await test.step('check out with a card that will be declined', () =>
      shop.buy(customer, product, { quantity: 3, cardToken: 'tok_chargeDeclined' }));

    await test.step('the order ends payment_failed', async () => {
      const settled = await shop.settled(customer, order.id);
      expect(settled.status).toBe('payment_failed');
      expect(settled.status_history.map((h) => h.status)).toEqual(['pending', 'payment_failed']);
    });

    await test.step('the stock is back', async () => {
      expect((await api.products.get(product.id)).body.stock).toBe(product.stock);
    });

    await test.step('the provider declined once and charged nothing', async () => {
      const attempts = (await paymentProvider.attempts(order.id)).body;
      expect(attempts.map((a) => a.outcome)).toEqual(['declined']);
      expect(attempts).toHaveNoSuccessfulCharge();
    });
  });

  test('provider errors, then success: retried with one key, charged once', async ({ customer, product, shop, paymentProvider }) => {
    const order = await test.step('check out; the provider fails the first two attempts', () =>
      shop.buy(customer, product, { cardToken: 'tok_processingError' }));

    await test.step('the order is paid after the retries', async () => {
      expect((await shop.settled(customer, order.id)).status).toBe('paid');
    });

    await test.step('three attempts, one key, exactly one charge', async () => {
      const attempts = (await paymentProvider.attempts(order.id)).body;
      expect(attempts.map((a) => a.outcome)).toEqual(['processing_error', 'processing_error', 'succeeded']);
      expect(new Set(attempts.map((a) => a.idempotency_key))).toEqual(new Set([`order-${order.id}`]));
      expect(attempts).toHaveOneSuccessfulCharge(order.total_cents);
    });
  });

  test('a busy provider (429, then 408): retried with one key, charged once', async ({ customer, product, shop, paymentProvider }) => {
    const order = await test.step('check out; the provider is too busy for the first two attempts', () =>
      shop.buy(customer, product, { cardToken: 'tok_busy' }));

    await test.step('the order is paid after the retries', async () => {
      expect((await shop.settled(customer, order.id)).status).toBe('paid');
    });

    await test.step('429, 408, then success: one key, exactly one charge', async () => {
      const attempts = (await paymentProvider.attempts(order.id)).body;
      expect(attempts.map((a) => [a.status_code, a.outcome])).toEqual([[429, 'busy'], [408, 'busy'], [201, 'succeeded']]);
      expect(new Set(attempts.map((a) => a.idempotency_key))).toEqual(new Set([`order-${order.id}`]));
      expect(attempts).toHaveOneSuccessfulCharge(order.total_cents);
    });
  });

  test('a card the provider refuses outright (400): payment_failed after one attempt, not retried, stock returned', async ({ api, customer, product, shop, paymentProvider }) => {
    const order = await test.step('check out with a token the provider has no behaviour for', () =>
      shop.buy(customer, product, { quantity: 2, cardToken: 'tok_unknown' }));

    await test.step('the order ends payment_failed and the stock is back', async () => {
      expect((await shop.settled(customer, order.id)).status).toBe('payment_failed');
      expect((await api.products.get(product.id)).body.stock).toBe(product.stock);
    });

    await test.step('one attempt: a refusal is final', async () => {
      const attempts = (await paymentProvider.attempts(order.id)).body;
      expect(attempts.map((a) => [a.status_code, a.outcome])).toEqual([[400, 'rejected']]);
      expect(attempts).toHaveNoSuccessfulCharge();
    });
  });

  test('a slow provider: the order waits while the provider holds its answer, then is paid once', async ({ customer, product, shop, paymentProvider }) => {
    // The provider answers when the test lets it (tok_held): "slow" without a clock.
    const order = await test.step('check out; the provider holds its answer', () => shop.buy(customer, product, { cardToken: 'tok_held' }));

    await test.step('the provider has the charge and has not answered: the order is pending', async () => {
      await shop.providerHolds(paymentProvider, order.id);
      expect((await customer.api.orders.get(order.id)).body.status).toBe('pending');
    });

    await test.step('the provider answers: the order is paid', async () => {
      expect((await paymentProvider.release(order.id)).body.released).toBe(1);
      expect((await shop.settled(customer, order.id)).status).toBe('paid');
    });

    await test.step('one attempt, one charge', async () => {
      const attempts = (await paymentProvider.attempts(order.id)).body;
      expect(attempts).toHaveLength(1);
      expect(attempts).toHaveOneSuccessfulCharge(order.total_cents);
    });
  });

  test.describe('a provider that never answers', () => {
    // A stack of its own, whose shop-api gives up on an answer after half a second: the
    // provider holds this one for ever, so every attempt ends in that time-out.
    test.use({ privateStackEnv: { PAYMENT_ATTEMPT_TIMEOUT_MS: '500' } });

    test('payment_failed after the bounded retries, stock returned, nothing charged', async ({ privateClients }) => {
      const { api, customers, catalogue, shop, paymentProvider } = privateClients;
      const [customer, product] = await Promise.all([customers.create(), catalogue.create()]);

      const order = await test.step('check out; the provider will never answer', () => shop.buy(customer, product, { quantity: 2, cardToken: 'tok_held' }));

      await test.step('payment_failed after the retries, stock returned', async () => {
        const settled = await shop.settled(customer, order.id);
        expect(settled.status).toBe('payment_failed');
        expect(settled.status_history.map((h) => h.status)).toEqual(['pending', 'payment_failed']);
        expect((await api.products.get(product.id)).body.stock).toBe(product.stock);
      });

      await test.step('the provider saw exactly three attempts, each abandoned, and charged nothing', async () => {
        const attempts = (await paymentProvider.attempts(order.id)).body;
        expect(attempts.map((a) => a.outcome)).toEqual(['abandoned', 'abandoned', 'abandoned']);
        expect(new Set(attempts.map((a) => a.idempotency_key))).toEqual(new Set([`order-${order.id}`]));
        expect(attempts).toHaveNoSuccessfulCharge();
      });
    });
  });

  test.describe('a payment worker of two (PAYMENT_CONCURRENCY=2), the provider answering when the test says', () => {
    // The provider holds each answer until the test releases it: no attempt may time out
    // meanwhile. In turn, on one worker: one private stack for all three.
    test.describe.configure({ mode: 'default' });
    test.use({ privateStackEnv: { PAYMENT_CONCURRENCY: '2', PAYMENT_ATTEMPT_TIMEOUT_MS: '600000' } });

    test('two charges at a time: a third order goes to the provider only once one of the two is answered', async ({ privateClients }) => {
      const { customers, catalogue, shop, paymentProvider } = privateClients;
      const [customer, product] = await Promise.all([customers.create(), catalogue.create({ stock: 10 })]);
      const held = [await shop.buy(customer, product, { cardToken: 'tok_held' }), await shop.buy(customer, product, { cardToken: 'tok_held' })];
      for (const order of held) await shop.providerHolds(paymentProvider, order.id);
      const third = await shop.buy(customer, product, { cardToken: 'tok_held' });

      const released = Date.now();
      ensureOk(await paymentProvider.release(held[0]!.id));
      await shop.providerHolds(paymentProvider, third.id);
      const [attempt] = ensureOk(await paymentProvider.attempts(third.id));
      expect(Date.parse(attempt!.received_at), "the third order's charge was asked for after one of the first two was answered").toBeGreaterThanOrEqual(released);

      for (const order of [held[1]!, third]) ensureOk(await paymentProvider.release(order.id));
      expect((await Promise.all([...held, third].map((o) => shop.settled(customer, o.id)))).map((o) => o.status)).toEqual(['paid', 'paid', 'paid']);
    });

    test('a charge outlasting its lease is not asked for again by the instance still waiting for it', async ({ privateStack, privateClients }) => {
      const { customers, catalogue, shop, paymentProvider } = privateClients;
      const [customer, product] = await Promise.all([customers.create(), catalogue.create({ stock: 10 })]);
      const waiting = await shop.buy(customer, product, { cardToken: 'tok_held' });
      await shop.providerHolds(paymentProvider, waiting.id);
      const db = new pg.Client({ connectionString: privateStack.postgres.url });
      await db.connect();
      try {
        // Time passing, without the test waiting for it: the lease ends now.
        await db.query("UPDATE orders SET payment_lease_until = now() - interval '1 second' WHERE id = $1", [waiting.id]);
      } finally {
        await db.end();
      }
      // A later order paid is the sign that the worker has looked for due orders since the lease ended.
      const later = await shop.buy(customer, product);
      expect((await shop.settled(customer, later.id)).status).toBe('paid');
      expect(ensureOk(await paymentProvider.attempts(waiting.id)), 'one attempt: the instance knows it is still waiting').toHaveLength(1);

      ensureOk(await paymentProvider.release(waiting.id));
      expect((await shop.settled(customer, waiting.id)).status).toBe('paid');
    });

    test('a decline that comes after a cancel: the order stays cancelled, its stock comes back once, nothing is charged', async ({ privateStack, privateClients }) => {
      const { api, customers, catalogue, shop, paymentProvider } = privateClients;
      const [customer, product] = await Promise.all([customers.create(), catalogue.create({ stock: 10 })]);
      const order = await shop.buy(customer, product, { quantity: 3, cardToken: 'tok_heldDeclined' });
      await shop.providerHolds(paymentProvider, order.id);

      const cancelled = ensureOk(await customer.api.orders.cancel(order.id));
      expect(cancelled.status_history.map((h) => h.status)).toEqual(['pending', 'cancelled']);
      expect(ensureOk(await api.products.get(product.id)).stock, 'stock back on cancel').toBe(10);

      ensureOk(await paymentProvider.release(order.id));
      await expect
        .poll(() => workerSaid(path.join(privateStack.logsDir, 'shop-api.log'), order.id, 'payment failed after the order left pending; nothing changed'), {
          message: 'the payment worker to have handled the decline (its line comes after its transaction)',
          intervals: [50, 100, 250],
        })
        .toBe(true);
      const after = ensureOk(await customer.api.orders.get(order.id));
      expect(after.status_history.map((h) => h.status), 'still cancelled, no payment_failed after it').toEqual(['pending', 'cancelled']);
      expect(ensureOk(await api.products.get(product.id)).stock, 'stock came back once, not twice').toBe(10);
      expect(ensureOk(await paymentProvider.attempts(order.id))).toHaveNoSuccessfulCharge();
    });
  });

  test('checkout submitted twice with one Idempotency-Key: one order, one charge', async ({ customer, product, shop, factories, paymentProvider }) => {
    await customer.api.cart.add(product.id, 1);
    const key = factories.unique();
    const request = { shipping_address: factories.address(), payment_method: 'credit_card' };

    const [first, second] = await test.step('submit the same checkout twice at once', () =>
      Promise.all([customer.api.orders.checkout(request, { idempotencyKey: key }), customer.api.orders.checkout(request, { idempotencyKey: key })]));

    const order = await test.step('one order: the other answer is its replay or "in progress"', async () => {
      const created = [first, second].filter((r) => r.status === 201);
      expect(created.length).toBeGreaterThanOrEqual(1);
      expect(new Set(created.map((r) => r.body.id)).size).toBe(1);
      expect([first, second].every((r) => r.status === 201 || r.status === 409)).toBe(true);
      const orders = (await customer.api.orders.list()).body;
      expect(orders).toHaveLength(1);
      return orders[0]!;
    });

    await test.step('paid, with exactly one charge', async () => {
      expect((await shop.settled(customer, order.id)).status).toBe('paid');
      expect((await paymentProvider.attempts(order.id)).body).toHaveOneSuccessfulCharge(order.total_cents);
    });
  });

  test('cancel after payment: cancelled, stock returned, refund recorded by the provider', async ({ api, customer, product, shop, paymentProvider }) => {
    const order = await test.step('buy and pay', async () => {
      const placed = await shop.buy(customer, product, { quantity: 2 });
      expect((await shop.settled(customer, placed.id)).status).toBe('paid');
      return placed;
    });

    await test.step('cancel the paid order', async () => {
      const response = await customer.api.orders.cancel(order.id);
      expect(response.status).toBe(200);
      expect(response.body.status_history.map((h) => h.status)).toEqual(['pending', 'paid', 'cancelled']);
      expect((await api.products.get(product.id)).body.stock).toBe(product.stock);
    });

    await test.step('the provider records a refund of the whole charge', async () => {
      const charge = (await paymentProvider.attempts(order.id)).body.find((a) => a.outcome === 'succeeded')!;
      await expect
        .poll(async () => (await paymentProvider.refunds(order.id)).body, { message: `a refund for order ${order.id}`, intervals: [20, 50, 100, 250] })
        .toEqual([expect.objectContaining({ charge_id: charge.charge_id, amount_cents: order.total_cents, status: 'succeeded' })]);
    });
  });

  test('cancelled while the charge is in flight: the late charge is refunded', async ({ customer, product, shop, paymentProvider }) => {
    const order = await test.step('check out; the provider holds its answer', () => shop.buy(customer, product, { cardToken: 'tok_held' }));

    await shop.providerHolds(paymentProvider, order.id);

    await test.step('cancel before the provider answers', async () => {
      expect((await customer.api.orders.cancel(order.id)).body.status).toBe('cancelled');
    });

    await test.step('the provider answers; the charge that lands afterwards is refunded; the order stays cancelled', async () => {
      ensureOk(await paymentProvider.release(order.id));
      await expect
        .poll(async () => (await paymentProvider.refunds(order.id)).body.length, { message: `a refund for order ${order.id}`, timeout: 10_000, intervals: [100, 250] })
        .toBe(1);
      expect((await paymentProvider.attempts(order.id)).body).toHaveOneSuccessfulCharge(order.total_cents);
      const after = (await customer.api.orders.get(order.id)).body;
      expect(after.status).toBe('cancelled');
      expect(after.status_history.map((h) => h.status)).toEqual(['pending', 'cancelled']);
    });
  });

  test("a returning customer's order history lists every order, newest first, with its outcome", async ({ customer, product, shop }) => {
    const placed = await test.step('three visits: paid, declined, paid', async () => {
      const orders = [];
      for (const cardToken of ['tok_visa', 'tok_chargeDeclined', 'tok_visa'] as const) {
        const order = await shop.buy(customer, product, { cardToken });
        orders.push(await shop.settled(customer, order.id));
      }
      return orders;
    });

    await test.step('the history shows them newest first, each with its final status', async () => {
      const history = await customer.api.orders.list();
      expect(history.header('x-total-count')).toBe('3');
      expect(history.body.map((o) => [o.id, o.status])).toEqual(placed.reverse().map((o) => [o.id, o.status]));
      expect(history.body.map((o) => o.status)).toEqual(['paid', 'payment_failed', 'paid']);
    });
  });
});
