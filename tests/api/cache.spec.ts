import { ensureOk } from '../../api-clients/index.js';
import { readProduct as read } from '../../fixtures/cache-reads.js';
import { requires } from '../../config/capabilities.js';
import { expect, test } from '../../fixtures/index.js';

// shop-api's product cache, seen from outside (X-Cache) on the target's own shop-api:
// the integration-testing seed's cache scenarios (a miss, a hit, a value set and read
// back) and invalidation after every kind of write. Expiry, outages and races run on
// stacks of their own (tests/integrity/cache.spec.ts).

test.describe('product cache', { tag: '@cache' }, () => {
  test.beforeEach(({ manifest }, testInfo) => requires(testInfo, manifest, 'cache'));

  test('a miss, then a hit with the same product; a change is read back at once, then cached', async ({ api, admin, product }) => {
    const first = await read(api, product.id);
    const second = await read(api, product.id);

    expect([first.cache, second.cache]).toEqual(['miss', 'hit']);
    expect(first.product).toEqual(product);
    expect(second.product).toEqual(product);
    expect(second.response.header('etag')).toBe(first.response.header('etag'));

    const changed = ensureOk(await admin.api.products.update(product.id, { price_cents: product.price_cents + 300 }));
    const after = await read(api, product.id);
    expect(after).toMatchObject({ cache: 'miss', product: changed });
    expect(await read(api, product.id)).toMatchObject({ cache: 'hit', product: changed });
  });

  test('/ready reports the cache as ok', async ({ api }) => {
    expect((await api.health.ready()).body).toEqual({ status: 'ready', cache: 'ok' });
  });

  test('the catalogue list is not cached: no X-Cache there', async ({ api }) => {
    const list = await api.products.list({ limit: 1 });

    expect(list.status).toBe(200);
    expect(list.body).toHaveLength(1);
    expect(list.header('x-cache')).toBeUndefined();
  });

  test('stock taken at checkout, and returned by a cancel and by a failed payment, is read back at once', async ({ api, customer, product, shop }) => {
    /** After a write: the next read misses and shows this stock, the one after is a hit. */
    const expectReadBack = async (stock: number) => {
      const next = await read(api, product.id);
      expect(next.cache).toBe('miss');
      expect(next.product.stock).toBe(stock);
      expect(await read(api, product.id)).toMatchObject({ cache: 'hit', product: next.product });
    };
    await read(api, product.id);
    expect((await read(api, product.id)).cache).toBe('hit');

    const kept = await shop.buy(customer, product, { quantity: 2 });
    await expectReadBack(product.stock - 2);

    await test.step('cancel gives them back', async () => ensureOk(await customer.api.orders.cancel(kept.id)));

    await expectReadBack(product.stock);

    await test.step('a declined payment gives 3 back', async () => {
      const declined = await shop.buy(customer, product, { quantity: 3, cardToken: 'tok_chargeDeclined' });
      expect((await shop.settled(customer, declined.id)).status).toBe('payment_failed');
    });

    await expectReadBack(product.stock);
  });

  test('what the cache holds: a copy at the version read, for at most the TTL; a write leaves a marker of its version', async ({ api, admin, product, cacheReader }) => {
    await read(api, product.id);

    const copy = await cacheReader.product(product.id);
    expect(copy).toMatchObject({ version: product.version, copy: true });
    expect(copy.ttlSeconds).toBeGreaterThan(0);

    const changed = ensureOk(await admin.api.products.update(product.id, { name: `${product.name} II` }));
    expect(await cacheReader.product(product.id)).toMatchObject({ version: changed.version, copy: false });
  });
});
