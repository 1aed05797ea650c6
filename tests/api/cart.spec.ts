import { expect, test } from '../../fixtures/index.js';

// The cart: one per user, lines of 1..99, priced at the current price.

test.describe('cart', { tag: '@cart' }, () => {
  test('a new customer has an empty cart', async ({ customer }) => {
    const cart = await customer.api.cart.get();

    expect(cart.status).toBe(200);
    expect(cart.body).toEqual({ items: [], total_cents: 0, currency: 'USD' });
  });

  test('adding a product is 201 with the line; the cart shows it with totals', { tag: '@smoke' }, async ({ customer, product }) => {
    const added = await customer.api.cart.add(product.id, 2);

    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ product_id: product.id, name: product.name, unit_price_cents: product.price_cents, quantity: 2 });
    const cart = await customer.api.cart.get();
    expect(cart.body).toEqual({ items: [added.body], total_cents: 2 * product.price_cents, currency: product.currency });
  });

  test('the same product again adds to its line', async ({ customer, product }) => {
    const first = await customer.api.cart.add(product.id, 2);
    const second = await customer.api.cart.add(product.id, 3);

    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ id: first.body.id, quantity: 5 });
    expect((await customer.api.cart.get()).body.items).toHaveLength(1);
  });

  test('a line holds 1 to 99: 0, 100, and a merge past 99 are 422, and the cart is unchanged', async ({ customer, product }) => {
    const line = (await customer.api.cart.add(product.id, 98)).body;

    const zero = await customer.api.cart.add(product.id, 0);
    const hundred = await customer.api.cart.add(product.id, 100);
    const merged = await customer.api.cart.add(product.id, 2);

    expect([zero.status, hundred.status, merged.status]).toEqual([422, 422, 422]);
    expect(zero.problem.errors).toEqual([{ path: 'body.quantity', message: 'must be >= 1' }]);
    expect(merged.problem.detail).toContain('99');
    expect(merged.problem.errors).toEqual([{ path: 'body.quantity', message: 'would take the line past 99' }]);
    expect((await customer.api.cart.get()).body.items).toEqual([line]);
  });

  test('an unknown product is 404', async ({ customer }) => {
    const response = await customer.api.cart.add(2_147_483_647, 1);

    expect(response.status).toBe(404);
    expect(response.problem.detail).toBe('product not found');
  });

  test('a cart holds one currency: a product priced in another is 409, and the cart is unchanged', async ({ customer, product, catalogue }) => {
    const euros = await catalogue.create({ currency: 'EUR' });
    await customer.api.cart.add(product.id, 1);
    const before = (await customer.api.cart.get()).body;

    const response = await customer.api.cart.add(euros.id, 1);

    expect(response.status).toBe(409);
    expect(response.problem.detail).toBe(`the cart holds ${product.currency} items and this product is priced in EUR`);
    expect((await customer.api.cart.get()).body).toEqual(before);
  });

  test('a line quantity can be changed and the line removed', async ({ customer, product }) => {
    const line = (await customer.api.cart.add(product.id, 1)).body;

    const changed = await customer.api.cart.setQuantity(line.id, 7);
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ id: line.id, quantity: 7, line_total_cents: 7 * product.price_cents });

    const removed = await customer.api.cart.remove(line.id);
    expect(removed.status).toBe(204);
    expect((await customer.api.cart.get()).body.items).toEqual([]);
    expect((await customer.api.cart.remove(line.id)).status).toBe(404);
  });

  test("another customer's line is 404 to change or remove, and stays as it was", async ({ customer, customers, product }) => {
    const line = (await customer.api.cart.add(product.id, 3)).body;
    const otherApi = (await customers.create()).api;

    const change = await otherApi.cart.setQuantity(line.id, 1);
    const remove = await otherApi.cart.remove(line.id);

    expect([change.status, remove.status]).toEqual([404, 404]);
    expect(change.problem.detail).toBe('cart item not found');
    expect((await customer.api.cart.get()).body.items).toEqual([line]);
    expect((await otherApi.cart.get()).body.items).toEqual([]);
  });

  test('the cart needs a bearer token', async ({ api }) => {
    const response = await api.cart.get();

    expect(response.status).toBe(401);
    expect(response.header('www-authenticate')).toMatch(/^Bearer/);
  });
});
