import { expect, test } from '../../fixtures/index.js';

// The catalogue: browsing (anyone), and admin writes with optimistic concurrency. DELETE
// archives: the product leaves every catalogue route, but orders keep naming it.

test.describe('products', { tag: '@products' }, () => {
  test('a fresh environment has a demo catalogue of at least 20 products in stock', { tag: '@smoke' }, async ({ api }) => {
    const page = await api.products.list({ in_stock: true, limit: 100 });

    expect(page.status).toBe(200);
    expect(page.body.length).toBeGreaterThanOrEqual(20);
    expect(Number(page.header('x-total-count'))).toBeGreaterThanOrEqual(page.body.length);
    expect(page.body.every((p) => p.stock > 0)).toBe(true);
  });

  test('browsing pages through the catalogue with limit, offset and X-Total-Count', async ({ api }) => {
    const first = await api.products.list({ limit: 5 });
    const second = await api.products.list({ limit: 5, offset: 5 });

    expect(first.body).toHaveLength(5);
    expect(second.body).toHaveLength(5);
    // Ordered by id: the second page starts after the first ends (other tests only append).
    expect(second.body[0]!.id).toBeGreaterThan(first.body[4]!.id);
    expect(Number(first.header('x-total-count'))).toBeGreaterThanOrEqual(10);
  });

  test('a search finds a product by sku or name', async ({ api, product }) => {
    const bySku = await api.products.list({ q: product.sku });
    const byName = await api.products.list({ q: product.name.slice(0, 40), limit: 100 });

    expect(bySku.body).toEqual([product]);
    expect(byName.body.map((p) => p.id)).toContain(product.id);
  });

  test('in_stock=false lists only products out of stock', async ({ api, catalogue }) => {
    const soldOut = await catalogue.create({ stock: 0 });

    const response = await api.products.list({ q: soldOut.sku, in_stock: false });
    const inStock = await api.products.list({ q: soldOut.sku, in_stock: true });

    expect(response.body).toEqual([soldOut]);
    expect(inStock.body).toEqual([]);
  });

  test('a product by id; an unknown id is 404', async ({ api, product }) => {
    const found = await api.products.get(product.id);
    const missing = await api.products.get(2_147_483_647);

    expect(found.status).toBe(200);
    expect(found.body).toEqual(product);
    expect(found.header('etag')).toBe(`"${product.version}"`);
    expect(missing.status).toBe(404);
    expect(missing.problem.detail).toBe('product not found');
  });

  test('an admin adds a product: 201 with Location; a duplicate sku is 409', { tag: '@destructive' }, async ({ admin, factories, cleanup }) => {
    const sku = factories.sku();
    const created = await admin.api.products.create({ sku, name: 'Lamp', price_cents: 1999, stock: 3 });
    cleanup.product(created.body.id);

    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ sku, name: 'Lamp', description: '', price_cents: 1999, currency: 'USD', stock: 3, version: 1 });
    expect(created.header('location')).toBe(`/products/${created.body.id}`);

    const duplicate = await admin.api.products.create({ sku, name: 'Other lamp', price_cents: 1, stock: 1 });
    expect(duplicate.status).toBe(409);
    expect(duplicate.problem.detail).toContain(sku);
  });

  test('customers get 403 and anonymous callers 401 on product writes', async ({ api, customer, product }) => {
    const anonymous = await api.products.update(product.id, { stock: 0 });
    const asCustomer = await customer.api.products.update(product.id, { stock: 0 });
    const create = await customer.api.products.create({ sku: 'NOPE', name: 'x', price_cents: 1, stock: 1 });

    expect([anonymous.status, asCustomer.status, create.status]).toEqual([401, 403, 403]);
    expect((await api.products.get(product.id)).body).toEqual(product);
  });

  test('an admin patches with If-Match; a stale version is 412 and changes nothing', async ({ admin, api, product }) => {
    const patched = await admin.api.products.update(product.id, { price_cents: product.price_cents + 100 }, product.version);
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ price_cents: product.price_cents + 100, version: product.version + 1 });

    const stale = await admin.api.products.update(product.id, { stock: 0 }, product.version);
    expect([stale.status, stale.problem.type, stale.problem.detail]).toEqual([412, '/problems/stale-version', 'If-Match does not match the current version of this product; read it again and retry']);
    expect((await api.products.get(product.id)).body).toEqual(patched.body);
  });

  test.describe('archiving (DELETE)', { tag: '@destructive' }, () => {
    test('an admin archives a product: 204, then it is gone from GET, the list and search; again is 404', async ({ admin, api, product }) => {
      const archived = await admin.api.products.remove(product.id, product.version);

      expect(archived.status).toBe(204);
      expect(archived.text).toBe('');
      const read = await api.products.get(product.id);
      expect(read.status).toBe(404);
      expect(read.problem.detail).toBe('product not found');
      const bySku = await api.products.list({ q: product.sku });
      expect([bySku.body, bySku.header('x-total-count')]).toEqual([[], '0']);
      expect((await api.products.list({ q: product.name.slice(0, 40), limit: 100 })).body.map((p) => p.id)).not.toContain(product.id);

      const again = await admin.api.products.remove(product.id);
      expect(again.status).toBe(404);
      expect(again.problem.detail).toBe('product not found');
    });

    test("an order placed before keeps the archived product's name and price", async ({ admin, customer, product, shop }) => {
      const order = await shop.buy(customer, product, { quantity: 2 });

      expect((await admin.api.products.remove(product.id)).status).toBe(204);

      const [read, listed] = [await customer.api.orders.get(order.id), await customer.api.orders.list()];
      const line = { product_id: product.id, name: product.name, unit_price_cents: product.price_cents, quantity: 2 };
      expect(read.body).toMatchObject({ items: [line], total_cents: 2 * product.price_cents });
      expect(listed.body.find((o) => o.id === order.id)?.items).toEqual([line]);
    });

    test('a cart line of an archived product stops checkout with 409 naming it; without the line, checkout goes on', async ({ admin, api, catalogue, customer, factories }) => {
      const [gone, kept] = [await catalogue.create(), await catalogue.create()];
      const goneLine = (await customer.api.cart.add(gone.id, 1)).body;
      const keptLine = (await customer.api.cart.add(kept.id, 3)).body;
      expect((await admin.api.products.remove(gone.id)).status).toBe(204);
      const checkout = () => customer.api.orders.checkout({ shipping_address: factories.address(), payment_method: 'credit_card' });

      const refused = await checkout();
      expect(refused.status).toBe(409);
      expect(refused.problem.detail).toBe(`${gone.name} is no longer sold; remove cart item ${goneLine.id} (DELETE /cart/items/${goneLine.id}) and check out again`);
      expect((await customer.api.cart.get()).body.items.map((i) => i.id), 'the cart is as it was').toEqual([goneLine.id, keptLine.id]);
      expect((await api.products.get(kept.id)).body.stock, 'no stock was taken').toBe(kept.stock);
      expect((await customer.api.orders.list()).body, 'no order was made').toEqual([]);

      const readd = await customer.api.cart.add(gone.id, 1);
      expect([readd.status, readd.problem.detail]).toEqual([404, 'product not found']);

      expect((await customer.api.cart.remove(goneLine.id)).status).toBe(204);
      const placed = await checkout();
      expect(placed.status).toBe(201);
      expect(placed.body.items).toEqual([{ product_id: kept.id, name: kept.name, unit_price_cents: kept.price_cents, quantity: 3 }]);
    });

    test('customers get 403 and anonymous callers 401 on archiving, and the product stays', async ({ api, customer, product }) => {
      const anonymous = await api.products.remove(product.id);
      const asCustomer = await customer.api.products.remove(product.id);

      expect([anonymous.status, anonymous.header('www-authenticate')]).toEqual([401, 'Bearer realm="shop-api"']);
      expect([asCustomer.status, asCustomer.problem.detail]).toEqual([403, 'this route is for admins only']);
      expect((await api.products.get(product.id)).body).toEqual(product);
      expect((await api.products.list({ q: product.sku })).body).toEqual([product]);
    });

    test('a stale If-Match is 412 and archives nothing; the current one archives', async ({ admin, api, product }) => {
      const patched = (await admin.api.products.update(product.id, { stock: 4 })).body;

      const stale = await admin.api.products.remove(product.id, product.version);
      expect([stale.status, stale.problem.type, stale.problem.detail]).toEqual([412, '/problems/stale-version', 'If-Match does not match the current version of this product; read it again and retry']);
      expect((await api.products.get(product.id)).body).toEqual(patched);

      expect((await admin.api.products.remove(product.id, patched.version)).status).toBe(204);
      expect((await api.products.get(product.id)).status).toBe(404);
    });

    test('an archived product cannot be changed (404), and its sku is never given to a new product (409)', async ({ admin, product }) => {
      expect((await admin.api.products.remove(product.id)).status).toBe(204);

      const patch = await admin.api.products.update(product.id, { stock: 50 });
      const reuse = await admin.api.products.create({ sku: product.sku, name: 'Successor', price_cents: 100, stock: 1 });

      expect([patch.status, patch.problem.detail]).toEqual([404, 'product not found']);
      expect(reuse.status).toBe(409);
      expect(reuse.problem.detail).toBe(`sku ${product.sku} is already in use by an archived product; skus are never reused`);
    });
  });

  test('invalid products are 422 with an error per field', async ({ admin }) => {
    const response = await admin.api.products.create({ sku: 'has space', name: '', price_cents: -1, stock: 1.5, currency: 'usd', id: 7 });

    expect(response.status).toBe(422);
    expect(response.problem.errors?.map((e) => e.path).sort()).toEqual(
      ['body.currency', 'body.id', 'body.name', 'body.price_cents', 'body.sku', 'body.stock'],
    );
  });

  test('limit over 100 is 422', async ({ api }) => {
    const response = await api.products.list({ limit: 101 });

    expect(response.status).toBe(422);
    expect(response.problem.errors).toEqual([{ path: 'query.limit', message: 'must be <= 100' }]);
  });
});
