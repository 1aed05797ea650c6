import { expect, test } from '../../fixtures/index.js';

// The order workflow of the integration-testing seed, one step per stage: browse, add
// to the cart, view the cart, check out (pending), then paid (polled, never slept), and
// what the payment provider saw. The order's history shows it was pending before it was
// paid; payment with tok_visa settles in milliseconds (npm run bench:payment).

// A journey is a story people read in the report: each keeps a trace of its calls, passed or failed.
test.use({ traceCalls: true });

test('a customer browses, fills the cart, checks out, and the order gets paid', {
  tag: ['@journey', '@smoke'],
}, async ({ api, customer, product, shop, paymentProvider, factories }) => {
  const chosen = await test.step('browse the catalogue', async () => {
    const catalogue = await customer.api.products.list();
    expect(catalogue.status).toBe(200);
    expect(catalogue.body.length).toBeGreaterThan(0);
    const search = await customer.api.products.list({ q: product.sku });
    expect(search.body).toEqual([product]);
    return search.body[0]!;
  });

  await test.step('add two to the cart', async () => {
    const line = await customer.api.cart.add(chosen.id, 2);
    expect(line.status).toBe(201);
    expect(line.body).toMatchObject({ product_id: chosen.id, quantity: 2 });
  });

  await test.step('view the cart', async () => {
    const cart = await customer.api.cart.get();
    expect(cart.status).toBe(200);
    expect(cart.body.items).toHaveLength(1);
    expect(cart.body.total_cents).toBe(2 * chosen.price_cents);
  });

  const order = await test.step('check out', async () => {
    const response = await customer.api.orders.checkout({ shipping_address: factories.address(), payment_method: 'credit_card', card_token: 'tok_visa' });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ status: 'pending', total_cents: 2 * chosen.price_cents });
    return response.body;
  });

  await test.step('the order is in the history, and the cart is empty', async () => {
    expect((await customer.api.orders.list()).body.map((o) => o.id)).toEqual([order.id]);
    expect((await customer.api.cart.get()).body.items).toEqual([]);
  });

  await test.step('payment settles: the order is paid', async () => {
    const settled = await shop.settled(customer, order.id);
    expect(settled.status).toBe('paid');
    expect(settled.status_history.map((h) => h.status)).toEqual(['pending', 'paid']);
  });

  await test.step('the provider made exactly one charge, for the order total', async () => {
    const attempts = await paymentProvider.attempts(order.id);
    expect(attempts.body).toHaveOneSuccessfulCharge(order.total_cents);
    expect(attempts.body.map((a) => a.idempotency_key)).toEqual([`order-${order.id}`]);
  });

  await test.step('the stock went down by two', async () => {
    expect((await api.products.get(chosen.id)).body.stock).toBe(product.stock - 2);
  });
});
