import { expect, test } from '../../fixtures/index.js';
import { owaspStagingSafe } from './owasp.js';

// Functions by role: admin routes refuse customers (403) and strangers (401); methods a
// path does not offer are 405, whoever asks.

test.describe('function level authorization', owaspStagingSafe('API5'), () => {
  test('a customer on admin routes is 403, and nothing happens', async ({ api, customer, product, factories }) => {
    const responses = [
      await customer.api.users.list(),
      await customer.api.users.create({ ...factories.user(), role: 'admin' }),
      await customer.api.products.create({ sku: factories.sku(), name: 'x', price_cents: 1, stock: 1 }),
      await customer.api.products.update(product.id, { price_cents: 0 }),
      await customer.api.products.remove(product.id),
    ];

    for (const response of responses) {
      expect(response.status, response.describe()).toBe(403);
      expect(response.problem.detail).toBe('this route is for admins only');
    }
    expect((await api.products.get(product.id)).body).toEqual(product);
  });

  test('anonymous callers are 401 on every route that needs a token', async ({ api, product }) => {
    const responses = [
      await api.users.list(),
      await api.users.me(),
      await api.users.update('me', { bio: 'x' }),
      await api.users.remove(1),
      await api.products.update(product.id, { stock: 0 }),
      await api.products.remove(product.id),
      await api.cart.get(),
      await api.cart.add(product.id, 1),
      await api.orders.list(),
      await api.orders.get(1),
      await api.orders.cancel(1),
      await api.auth.logout(),
    ];

    for (const response of responses) {
      expect(response.status, response.describe()).toBe(401);
      expect(response.header('www-authenticate'), response.describe()).toMatch(/^Bearer/);
    }
  });

  test('methods a path does not offer are 405 with Allow, even for an admin', async ({ admin, product }) => {
    const cases: [string, string, string][] = [
      ['POST', `/products/${product.id}`, 'GET, PATCH, DELETE'],
      ['PUT', `/products/${product.id}`, 'GET, PATCH, DELETE'],
      ['DELETE', '/cart', 'GET'],
      ['PATCH', '/orders/1', 'GET'],
      ['DELETE', '/orders/1', 'GET'],
      ['PUT', '/auth/login', 'POST'],
    ];

    for (const [method, path, allow] of cases) {
      const response = await admin.api.http.send(method, path);
      expect(response.status, `${method} ${path}`).toBe(405);
      expect(response.header('allow'), `${method} ${path}`).toBe(allow);
    }
    expect((await admin.api.products.get(product.id)).body).toEqual(product);
  });

  test('a method-override header changes nothing', async ({ customer, product }) => {
    const response = await customer.api.http.send('GET', `/products/${product.id}`, { headers: { 'x-http-method-override': 'DELETE', 'x-method-override': 'PATCH' } });

    expect(response.status).toBe(200);
    expect(response.body).toEqual(product);
  });
});
