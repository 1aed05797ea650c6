import { ensureOk } from '../../api-clients/index.js';
import type { CardToken } from '../../api-clients/schemas/orders.js';
import type { Account } from '../../fixtures/setup/customers.js';
import { expect, test } from '../../fixtures/index.js';

// Checkout and orders: one transaction, idempotency, ownership, cancellation.

test.describe('checkout', { tag: '@orders' }, () => {
  test('checkout turns the cart into a pending order, takes stock and empties the cart', { tag: '@smoke' }, async ({ api, customer, product, factories }) => {
    const address = factories.address();
    await customer.api.cart.add(product.id, 3);

    const response = await customer.api.orders.checkout({ shipping_address: address, payment_method: 'credit_card' });

    expect(response.status).toBe(201);
    expect(response.header('location')).toBe(`/orders/${response.body.id}`);
    expect(response.body).toMatchObject({
      status: 'pending',
      items: [{ product_id: product.id, name: product.name, unit_price_cents: product.price_cents, quantity: 3 }],
      total_cents: 3 * product.price_cents,
      currency: product.currency,
      shipping_address: address,
      payment_method: 'credit_card',
      status_history: [{ status: 'pending', at: expect.any(String) }],
    });
    expect((await customer.api.cart.get()).body.items).toEqual([]);
    expect((await api.products.get(product.id)).body.stock).toBe(product.stock - 3);
  });

  test('an empty cart is 422 and makes no order', async ({ customer, factories }) => {
    const address = factories.address();
    const response = await customer.api.orders.checkout({ shipping_address: address, payment_method: 'credit_card' });

    expect(response.status).toBe(422);
    expect(response.problem.detail).toContain('cart is empty');
    expect((await customer.api.orders.list()).body).toEqual([]);
  });

  test('insufficient stock is 409 and changes nothing: cart, stock, orders', async ({ api, customer, catalogue, product, factories }) => {
    const address = factories.address();
    const scarce = await catalogue.create({ stock: 1 });
    await customer.api.cart.add(product.id, 1);
    await customer.api.cart.add(scarce.id, 2);
    const cartBefore = (await customer.api.cart.get()).body;

    const response = await customer.api.orders.checkout({ shipping_address: address, payment_method: 'credit_card' });

    expect(response.status).toBe(409);
    expect(response.problem.detail).toBe(`insufficient stock for ${scarce.name}: 2 requested, 1 available`);
    expect((await customer.api.cart.get()).body).toEqual(cartBefore);
    expect((await api.products.get(product.id)).body.stock).toBe(product.stock);
    expect((await api.products.get(scarce.id)).body.stock).toBe(1);
    expect((await customer.api.orders.list()).body).toEqual([]);
  });

  test('invalid checkout requests are 422 with an error per field', async ({ customer, product }) => {
    await customer.api.cart.add(product.id, 1);

    const response = await customer.api.orders.checkout({ shipping_address: '', payment_method: 'paypal', card_token: 'visa', total_cents: 1 });

    expect(response.status).toBe(422);
    expect(response.problem.errors?.map((e) => e.path).sort()).toEqual(
      ['body.card_token', 'body.payment_method', 'body.shipping_address', 'body.total_cents'],
    );
    expect((await customer.api.cart.get()).body.items).toHaveLength(1);
  });

  test('without a card_token the order is charged to tok_visa, the default card', async ({ customer, product, factories, shop, paymentProvider }) => {
    await customer.api.cart.add(product.id, 1);

    const order = ensureOk(await customer.api.orders.checkout({ shipping_address: factories.address(), payment_method: 'credit_card' }));

    expect((await shop.settled(customer, order.id)).status).toBe('paid');
    const attempts = (await paymentProvider.attempts(order.id)).body;
    expect(attempts.map((a) => [a.token, a.outcome])).toEqual([['tok_visa', 'succeeded']]);
  });

  test('checkout needs a bearer token', async ({ api, factories }) => {
    const address = factories.address();
    const response = await api.orders.checkout({ shipping_address: address, payment_method: 'credit_card' });

    expect(response.status).toBe(401);
    expect(response.header('www-authenticate')).toMatch(/^Bearer/);
  });
});

test.describe('checkout with an Idempotency-Key', { tag: '@orders' }, () => {
  test('the same key and body replay the first order', async ({ customer, product, factories }) => {
    const address = factories.address();
    await customer.api.cart.add(product.id, 1);
    const key = factories.unique();
    const body = { shipping_address: address, payment_method: 'credit_card' };

    const first = await customer.api.orders.checkout(body, { idempotencyKey: key });
    const again = await customer.api.orders.checkout(body, { idempotencyKey: key });

    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.body.id).toBe(first.body.id);
    expect(again.header('idempotent-replayed')).toBe('true');
    expect((await customer.api.orders.list()).body.map((o) => o.id)).toEqual([first.body.id]);
  });

  test('the same body with its properties in another order is the same request: replayed, not 422', async ({ customer, product, factories }) => {
    const address = factories.address();
    await customer.api.cart.add(product.id, 1);
    const key = factories.unique();

    const first = await customer.api.orders.checkout({ shipping_address: address, payment_method: 'credit_card', card_token: 'tok_visa' }, { idempotencyKey: key });
    const again = await customer.api.orders.checkout({ card_token: 'tok_visa', payment_method: 'credit_card', shipping_address: address }, { idempotencyKey: key });

    expect([first.status, again.status, again.header('idempotent-replayed')]).toEqual([201, 201, 'true']);
    expect(again.body.id).toBe(first.body.id);
  });

  test('the same key with another body is 422', async ({ customer, product, factories }) => {
    const address = factories.address();
    await customer.api.cart.add(product.id, 1);
    const key = factories.unique();
    await customer.api.orders.checkout({ shipping_address: address, payment_method: 'credit_card' }, { idempotencyKey: key });

    const response = await customer.api.orders.checkout({ shipping_address: factories.address(), payment_method: 'credit_card' }, { idempotencyKey: key });

    expect(response.status).toBe(422);
    expect(response.problem.detail).toContain('different request body');
  });

  test('a refusal is replayed too: the same key after a 422 gives the same 422', async ({ customer, product, factories }) => {
    const address = factories.address();
    const key = factories.unique();
    const body = { shipping_address: address, payment_method: 'credit_card' };
    const first = await customer.api.orders.checkout(body, { idempotencyKey: key });
    await customer.api.cart.add(product.id, 1);

    const again = await customer.api.orders.checkout(body, { idempotencyKey: key });

    expect([first.status, again.status]).toEqual([422, 422]);
    expect(again.problem).toEqual(first.problem);
    expect((await customer.api.cart.get()).body.items).toHaveLength(1);
  });

  test('a 409 is replayed too: the same key after insufficient stock gives the same 409, even once the cart would fit', async ({ customer, product, factories }) => {
    const key = factories.unique();
    const body = { shipping_address: factories.address(), payment_method: 'credit_card' as const };
    const line = ensureOk(await customer.api.cart.add(product.id, product.stock + 1));
    const first = await customer.api.orders.checkout(body, { idempotencyKey: key });
    ensureOk(await customer.api.cart.setQuantity(line.id, 1));

    const again = await customer.api.orders.checkout(body, { idempotencyKey: key });

    expect([first.status, again.status]).toEqual([409, 409]);
    expect(again.problem).toEqual(first.problem);
    expect(again.header('idempotent-replayed')).toBe('true');
    expect((await customer.api.cart.get()).body.items).toEqual([{ ...line, quantity: 1, line_total_cents: product.price_cents }]);
  });

  test('a key longer than 255 characters is 422', async ({ customer, product, factories }) => {
    const address = factories.address();
    await customer.api.cart.add(product.id, 1);

    const response = await customer.api.orders.checkout({ shipping_address: address, payment_method: 'credit_card' }, { idempotencyKey: 'k'.repeat(256) });

    expect(response.status).toBe(422);
    expect(response.problem.errors).toEqual([{ path: 'header.idempotency-key', message: 'must NOT have more than 255 characters' }]);
  });
});

test.describe('orders', { tag: '@orders' }, () => {
  test("a customer's orders, newest first, with X-Total-Count", async ({ customer, product, shop }) => {
    const older = await shop.buy(customer, product);
    const newer = await shop.buy(customer, product);

    const list = await customer.api.orders.list();

    expect(list.status).toBe(200);
    expect(list.body.map((o) => o.id)).toEqual([newer.id, older.id]);
    expect(list.header('x-total-count')).toBe('2');
  });

  test("another customer's order is 404 to read and to cancel, and stays as it was", async ({ customer, customers, product, shop }) => {
    const order = await shop.buy(customer, product);
    const intruder = await customers.create();

    const read = await intruder.api.orders.get(order.id);
    const cancel = await intruder.api.orders.cancel(order.id);

    expect([read.status, cancel.status]).toEqual([404, 404]);
    expect([read.problem.detail, cancel.problem.detail], 'the same answer as for an order that does not exist').toEqual(['order not found', 'order not found']);
    expect((await intruder.api.orders.list()).body).toEqual([]);
    expect((await customer.api.orders.get(order.id)).body.status).not.toBe('cancelled');
  });

  test('an admin may read any order', async ({ admin, customer, product, shop }) => {
    const order = await shop.buy(customer, product);

    const response = await admin.api.orders.get(order.id);

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: order.id, total_cents: order.total_cents });
  });

  test('cancelling a pending order returns the stock; cancelling again is 409', async ({ api, customer, product, shop, paymentProvider }) => {
    // The provider holds its answer (tok_held), so the order is pending until the test lets it go.
    const order = await shop.buy(customer, product, { quantity: 4, cardToken: 'tok_held' });

    const cancelled = await customer.api.orders.cancel(order.id);
    ensureOk(await paymentProvider.release(order.id)); // the charge that then lands is refunded

    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    expect(cancelled.body.status_history.map((h) => h.status)).toEqual(['pending', 'cancelled']);
    expect((await api.products.get(product.id)).body.stock).toBe(product.stock);

    const again = await customer.api.orders.cancel(order.id);
    expect(again.status).toBe(409);
    expect(again.problem.detail).toBe('the order is cancelled and cannot be cancelled');
  });

  test('an order whose payment failed cannot be cancelled: 409', async ({ customer, product, shop }) => {
    const order = await shop.buy(customer, product, { cardToken: 'tok_chargeDeclined' });
    expect((await shop.settled(customer, order.id)).status).toBe('payment_failed');

    const response = await customer.api.orders.cancel(order.id);

    expect(response.status).toBe(409);
    expect(response.problem.detail).toContain('payment failed');
  });
});

test.describe('listing orders: filters, and every customer\'s for an admin', { tag: '@orders' }, () => {
  test("an admin lists every customer's orders with scope=all, by status and address text, a deleted customer's too", async ({ admin, customers, product, shop, factories }) => {
    const tag = factories.unique();
    const [paying, declined] = (await customers.createMany(2)) as [Account, Account];
    const checkOut = async (account: Account, cardToken: CardToken) => {
      ensureOk(await account.api.cart.add(product.id, 1));
      const order = ensureOk(await account.api.orders.checkout({ shipping_address: `${tag} ${factories.address()}`, payment_method: 'credit_card', card_token: cardToken }));
      return shop.settled(account, order.id);
    };
    const paid = await checkOut(paying, 'tok_visa');
    const failed = await checkOut(declined, 'tok_chargeDeclined');
    ensureOk(await admin.api.users.remove(declined.user.id));

    const all = await admin.api.orders.list({ scope: 'all', q: tag.toUpperCase() });
    const failedOnly = await admin.api.orders.list({ scope: 'all', q: tag, status: 'payment_failed' });

    expect(all.body.map((o) => [o.id, o.status])).toEqual([[failed.id, 'payment_failed'], [paid.id, 'paid']]);
    expect(all.header('x-total-count')).toBe('2');
    expect(failedOnly.body.map((o) => o.id)).toEqual([failed.id]);
    expect(failedOnly.header('x-total-count')).toBe('1');
  });

  test("a customer's own orders filter by status and address text", async ({ customer, product, shop, factories }) => {
    const tag = factories.unique();
    const plain = await shop.buy(customer, product);
    ensureOk(await customer.api.cart.add(product.id, 1));
    const tagged = ensureOk(await customer.api.orders.checkout({ shipping_address: `${tag} ${factories.address()}`, payment_method: 'credit_card' }));
    ensureOk(await customer.api.orders.cancel(tagged.id));

    const byText = await customer.api.orders.list({ q: tag });
    const cancelled = await customer.api.orders.list({ status: 'cancelled' });
    const mine = await customer.api.orders.list({ scope: 'mine' });

    expect(byText.body.map((o) => o.id)).toEqual([tagged.id]);
    expect(cancelled.body.map((o) => o.id)).toEqual([tagged.id]);
    expect(cancelled.header('x-total-count')).toBe('1');
    expect(mine.body.map((o) => o.id)).toEqual([tagged.id, plain.id]);
  });

  test('scope=all is for admins: a customer gets 403 and no orders; an unknown status or scope is 422', async ({ customer, product, shop }) => {
    await shop.buy(customer, product);

    const everyone = await customer.api.orders.list({ scope: 'all' });
    const badStatus = await customer.api.http.send('GET', '/orders?status=shipped');
    const badScope = await customer.api.http.send('GET', '/orders?scope=everyone');

    expect(everyone.status).toBe(403);
    expect(everyone.problem.detail).toBe('scope=all is for admins only');
    expect(everyone.text).not.toContain('"items"');
    expect([badStatus.status, badScope.status]).toEqual([422, 422]);
    expect(badStatus.problem.errors?.map((e) => e.path)).toEqual(['query.status']);
    expect(badScope.problem.errors?.map((e) => e.path)).toEqual(['query.scope']);
  });
});
