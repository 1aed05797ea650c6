import { ensureOk } from '../../api-clients/index.js';
import { expect, test } from '../../fixtures/index.js';
import { owaspStagingSafe } from './owasp.js';

// Limits on what one request may ask for: page sizes, body sizes, quantities, shapes.

test.describe('resource consumption', owaspStagingSafe('API4'), () => {
  test('a page size over 100 is 422 on every list', async ({ api, admin, customer }) => {
    const responses = [await api.products.list({ limit: 101 }), await admin.api.users.list({ limit: 1000 }), await customer.api.orders.list({ limit: 100_000 })];

    for (const response of responses) {
      expect(response.status, response.describe()).toBe(422);
      expect(response.problem.errors?.[0]?.path, response.describe()).toBe('query.limit');
    }
  });

  test('a body over 64 KiB is 413 on every route that takes one, before any work', async ({ api, customer, factories }) => {
    const padding = 'x'.repeat(65 * 1024);
    const responses = [
      await api.auth.register({ ...factories.user(), bio: padding }),
      await customer.api.users.update('me', { bio: padding }),
      await customer.api.orders.checkout({ shipping_address: padding, payment_method: 'credit_card' }),
      await api.http.send('POST', '/auth/login', { raw: { body: `username=a&password=${padding}`, contentType: 'application/x-www-form-urlencoded' } }),
    ];

    expect(responses.map((r) => r.status)).toEqual([413, 413, 413, 413]);
    expect((await customer.api.users.me()).body).toEqual(customer.user);
  });

  test('absurd quantities are 422: 1e9, negative, fractional, and past 99 by merging', async ({ customer, product }) => {
    for (const quantity of [1e9, -1, 0, 1.5, 100]) {
      expect((await customer.api.cart.add(product.id, quantity)).status, String(quantity)).toBe(422);
    }
    const line = ensureOk(await customer.api.cart.add(product.id, 99));
    expect((await customer.api.cart.add(product.id, 1)).status).toBe(422);
    expect((await customer.api.cart.setQuantity(line.id, 1e9)).status).toBe(422);
    expect((await customer.api.cart.get()).body.items).toEqual([line]);
  });

  test('deeply nested or very wide JSON is a clean 4xx', async ({ api }) => {
    const bodies = {
      'nested 30,000 deep': '['.repeat(30_000) + ']'.repeat(30_000),
      'nested objects 5,000 deep': '{"a":'.repeat(5_000) + '1' + '}'.repeat(5_000),
      '3,000 keys': JSON.stringify(Object.fromEntries(Array.from({ length: 3_000 }, (_, i) => [`k${i}`, i]))),
      'a 10,000 element array': JSON.stringify(Array.from({ length: 10_000 }, (_, i) => i)),
    };

    for (const [name, body] of Object.entries(bodies)) {
      const response = await api.http.send('POST', '/auth/register', { raw: { body, contentType: 'application/json' } });
      expect(response.status, name).toBeGreaterThanOrEqual(400);
      expect(response.status, name).toBeLessThan(500);
      expect(response.problem.status, name).toBe(response.status);
    }
  });

  test('an offset or id past the integer range is 422, not a database error', async ({ api }) => {
    const responses = [await api.products.list({ offset: 2 ** 31 }), await api.products.get(2 ** 31), await api.http.send('GET', '/products/99999999999999999999')];

    expect(responses.map((r) => r.status)).toEqual([422, 422, 422]);
  });
});
