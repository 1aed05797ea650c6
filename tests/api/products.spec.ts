import { expect, test } from '../../fixtures/index.js';

// The catalogue: browsing (anyone), and admin writes with optimistic concurrency.

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

  test('an admin adds a product: 201 with Location; a duplicate sku is 409', { tag: '@destructive' }, async ({ admin, factories }) => {
    const sku = `T-${factories.unique()}`.toUpperCase();
    const created = await admin.api.products.create({ sku, name: 'Lamp', price_cents: 1999, stock: 3 });

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
    expect(stale.status).toBe(412);
    expect((await api.products.get(product.id)).body).toEqual(patched.body);
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
