import { ensureOk } from '../../api-clients/index.js';
import { expect, test } from '../../fixtures/index.js';
import { owaspStagingSafe } from './owasp.js';

// Properties: none that should stay inside ever comes out, and none a caller may not
// set can be set (mass assignment), proved by reading the object again.

const SECRET = /password|passwd|hash|scrypt\$|secret|jti/i;

test.describe('object property level authorization', owaspStagingSafe('API3'), () => {
  test('no password or hash in any response that carries a user', async ({ api, admin, customer, factories, cleanup }) => {
    const created = await admin.api.users.create(factories.user());
    cleanup.user(created.body);
    const responses = [
      created,
      await customer.api.users.me(),
      await customer.api.users.get(customer.user.id),
      await api.users.get(customer.user.id),
      await customer.api.users.update('me', { bio: factories.bio() }),
      await admin.api.users.get(customer.user.id),
      await admin.api.users.list({ q: customer.username }),
      await admin.api.users.update(created.body.id, { is_active: false }),
    ];

    for (const response of responses) {
      expect(response.ok, response.describe()).toBe(true);
      expect(response.text, response.describe()).not.toMatch(SECRET);
      expect(response.text, response.describe()).not.toContain(customer.password);
    }
  });

  test('public views carry no email or other private field', async ({ api, customer, customers }) => {
    const stranger = await customers.create();

    for (const viewer of [api, stranger.api]) {
      const response = await viewer.users.get(customer.user.id);
      expect(Object.keys(response.body).sort()).toEqual(['bio', 'created_at', 'id', 'username']);
      expect(response.text).not.toContain(customer.email);
    }
  });

  test('mass assignment at registration (role, is_active, id, version) is refused, and nothing is created', async ({ api, factories }) => {
    const user = factories.user();

    for (const extra of [{ role: 'admin' }, { is_active: false }, { id: 1 }, { version: 9 }, { password_hash: 'x' }]) {
      const response = await api.auth.register({ ...user, ...extra });
      expect(response.status, JSON.stringify(extra)).toBe(422);
    }
    expect((await api.auth.login(user.username, user.password)).status).toBe(401);
  });

  test("a customer cannot raise its role or set is_active, id, version or timestamps; the account is as it was", async ({ customer }) => {
    const attempts = [{ role: 'admin' }, { is_active: false }, { id: 1 }, { version: 100 }, { created_at: '2000-01-01T00:00:00Z' }, { email_verified: true }];

    for (const change of attempts) {
      const response = await customer.api.users.update('me', change);
      expect([403, 422], JSON.stringify(change)).toContain(response.status);
    }
    expect((await customer.api.users.me()).body).toEqual(customer.user);
  });

  test('an order cannot be checked out with its own status, total or items', async ({ customer, product, factories }) => {
    await customer.api.cart.add(product.id, 1);

    for (const extra of [{ status: 'paid' }, { total_cents: 1 }, { items: [{ product_id: product.id, quantity: 1, unit_price_cents: 0 }] }, { currency: 'XXX' }]) {
      const response = await customer.api.orders.checkout({ shipping_address: factories.address(), payment_method: 'credit_card', ...extra });
      expect(response.status, JSON.stringify(extra)).toBe(422);
    }
    expect((await customer.api.orders.list()).body).toEqual([]);
    expect((await customer.api.cart.get()).body.items).toHaveLength(1);
  });

  test('a cart line cannot be given its own price or product', async ({ customer, product, catalogue }) => {
    const line = ensureOk(await customer.api.cart.add(product.id, 1));
    const other = await catalogue.create();

    const price = await customer.api.http.send('PATCH', `/cart/items/${line.id}`, { json: { quantity: 2, unit_price_cents: 1 } });
    const swap = await customer.api.http.send('PATCH', `/cart/items/${line.id}`, { json: { quantity: 2, product_id: other.id } });
    const cheap = await customer.api.http.send('POST', '/cart/items', { json: { product_id: product.id, quantity: 1, unit_price_cents: 1 } });

    expect([price.status, swap.status, cheap.status]).toEqual([422, 422, 422]);
    expect((await customer.api.cart.get()).body.items).toEqual([line]);
  });

  test('an admin cannot change a product\'s id, sku or version through PATCH', async ({ admin, api, product }) => {
    for (const change of [{ id: 1 }, { sku: 'HIJACKED' }, { version: 99 }, { currency: 'EUR' }]) {
      const response = await admin.api.products.update(product.id, change);
      expect(response.status, JSON.stringify(change)).toBe(422);
    }
    expect((await api.products.get(product.id)).body).toEqual(product);
  });
});
