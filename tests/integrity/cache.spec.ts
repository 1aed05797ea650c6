import { ensureOk, type ShopApi } from '../../api-clients/index.js';
import type { CacheReader } from '../../fixtures/setup/cache-reader.js';
import { cacheReported, readProduct as read } from '../../fixtures/cache-reads.js';
import { expect, race, test } from '../../fixtures/index.js';

// shop-api's product cache under stress, on private stacks that each bring a Redis of
// their own (privateStackCache): expiry after a short TTL, Redis stopped or frozen and
// back, and reads racing writes. What a read returns and where from (X-Cache), and what
// Redis holds, read directly. The seed's miss/hit and invalidation run on the target
// itself (tests/api/cache.spec.ts).

/** A product of the stack's own, through its admin. */
const productOn = (admin: ShopApi, name: string, sku: string, price: number) =>
  admin.products.create({ sku, name, price_cents: price, stock: 5 }).then(ensureOk);

const reader = (clients: { cacheReader: CacheReader | undefined }): CacheReader => clients.cacheReader!;

test.describe('product cache under stress', { tag: ['@integrity', '@cache'] }, () => {
  // In turn, on one worker: its private stack is started once and shop-api restarted only
  // where a test's settings differ, instead of a stack for each test (fixtures/test/stacks.ts).
  test.describe.configure({ mode: 'default' });

  test.use({ privateStackCache: true });

  test.describe('expiry', () => {
    test.use({ privateStackEnv: { CACHE_TTL_SECONDS: '2' } });

    test('a copy expires after CACHE_TTL_SECONDS with no write', async ({ privateClients, factories }) => {
      const { api, admin } = privateClients;
      const product = await productOn(admin, 'Short-lived', factories.sku(), 300);
      await cacheReported(api, 'ok');
      // Each miss stores a copy for 2 s, so a hit comes; then, with nothing written, a miss
      // can only mean the copy expired (an outage would say bypass).
      await expect.poll(async () => (await read(api, product.id)).cache, { message: 'a read served from the cache', timeout: 20_000 }).toBe('hit');
      await expect.poll(async () => (await read(api, product.id)).cache, { message: 'the copy to expire', timeout: 20_000, intervals: [100, 250, 500] }).toBe('miss');
    });
  });

  test('Redis stopped and started again: reads answer from PostgreSQL, /ready says degraded, the cache comes back by itself', async ({ privateStack, privateClients, factories }) => {
    const { api, admin } = privateClients;
    const redis = privateStack.redis!;
    const product = await productOn(admin, 'Outage kettle', factories.sku(), 2000);
    const pid = privateStack.shopApi.pid;
    await cacheReported(api, 'ok');
    await read(api, product.id);

    await test.step('stop Redis', () => redis.stop());

    await cacheReported(api, 'degraded');
    const changed = ensureOk(await admin.products.update(product.id, { price_cents: 2100 }));
    const reads = await race('reads while Redis is down', Array.from({ length: 5 }, () => () => api.products.get(product.id)));
    await reads.expectInvariants([
      ['every read answered 200', reads.count(200) === 5],
      ['every read shows the change', reads.ok.every((r) => r.body.price_cents === 2100 && r.body.version === changed.version)],
      ['every read says bypass', reads.ok.every((r) => r.header('x-cache') === 'bypass')],
    ]);

    await test.step('start Redis again (empty)', () => redis.start());

    await cacheReported(api, 'ok');
    expect(await read(api, product.id)).toMatchObject({ cache: 'miss', product: changed });
    expect(await read(api, product.id)).toMatchObject({ cache: 'hit', product: changed });
    expect(privateStack.shopApi.pid, 'the same shop-api process').toBe(pid);
  });

  test('Redis frozen (SIGSTOP): reads answer from PostgreSQL, and a change made meanwhile is not served stale once it answers again', async ({ privateStack, privateClients, factories }) => {
    const { api, admin } = privateClients;
    const redis = privateStack.redis!;
    const product = await productOn(admin, 'Frozen pan', factories.sku(), 4000);
    await cacheReported(api, 'ok');
    await read(api, product.id);
    expect((await read(api, product.id)).cache).toBe('hit');

    await test.step('freeze Redis', () => redis.pause());

    const reads = await race('reads while Redis does not answer', Array.from({ length: 5 }, () => () => api.products.get(product.id)));
    await reads.expectInvariants([
      ['every read answered 200 (no hang: each client call is bounded)', reads.count(200) === 5],
      ['every read shows the product', reads.ok.every((r) => r.body.price_cents === 4000)],
      ['no read claims the cache', reads.ok.every((r) => r.header('x-cache') !== 'hit' && r.header('x-cache') !== 'miss')],
    ]);
    await cacheReported(api, 'degraded');
    const changed = ensureOk(await admin.products.update(product.id, { price_cents: 4500 }));
    expect(await read(api, product.id)).toMatchObject({ cache: 'bypass', product: changed });

    await test.step('let Redis answer again', () => redis.resume());

    // Frozen, Redis kept everything: the copy from before the change is still there.
    expect(await reader(privateClients).product(product.id), 'the old copy survived the freeze').toMatchObject({ version: product.version, copy: true });
    await cacheReported(api, 'ok');
    expect(await read(api, product.id), 'the old copy is not served').toMatchObject({ cache: 'miss', product: changed });
    expect(await read(api, product.id)).toMatchObject({ cache: 'hit', product: changed });
  });

  test('reads racing writes: no read shows a price its version never had, and the cache ends on the last write', async ({ privateClients, factories }) => {
    const { api, admin } = privateClients;
    const product = await productOn(admin, 'Raced clock', factories.sku(), 1000);
    await cacheReported(api, 'ok');
    await read(api, product.id);

    const writes = 10;
    const requests = Array.from({ length: 40 }, (_, i) => i % 4 === 0
      ? () => admin.products.update(product.id, { price_cents: 1001 + i / 4 })
      : () => api.products.get(product.id));
    const result = await race('reads and price changes at once', requests);

    const written = result.outcomes.flatMap((o, i) => (o.kind === 'ok' && i % 4 === 0 ? [o.response.body] : []));
    const priceOf = new Map([[product.version, product.price_cents], ...written.map((p) => [p.version, p.price_cents] as const)]);
    const last = written.reduce((a, b) => (b.version > a.version ? b : a), product);
    const readsOk = result.outcomes.flatMap((o, i) => (o.kind === 'ok' && i % 4 !== 0 ? [o.response] : []));
    const sources = readsOk.map((r) => r.header('x-cache'));
    test.info().annotations.push({ type: 'cache', description: `reads: ${sources.filter((s) => s === 'hit').length} hit, ${sources.filter((s) => s === 'miss').length} miss, ${sources.filter((s) => s === 'bypass').length} bypass` });
    const stored = await reader(privateClients).product(product.id);

    await result.expectInvariants([
      ['every request answered 200', result.count(200) === requests.length],
      ['every write got its own version', new Set(written.map((p) => p.version)).size === writes],
      ['every read shows the price of its version', readsOk.every((r) => priceOf.get(r.body.version) === r.body.price_cents)],
      // A read that loaded the row before a write must not put its copy back after the
      // write's marker. (Were the cache unreachable at some point, a marker may be missing.)
      ['Redis holds nothing older than the last write', (stored.version ?? 0) >= last.version || sources.includes('bypass')],
    ]);
    const after = await read(api, product.id);
    expect(after.product).toMatchObject({ version: last.version, price_cents: last.price_cents });
    expect(await read(api, product.id)).toMatchObject({ cache: 'hit', product: after.product });
  });
});

test.describe('shop-api without a cache', { tag: ['@integrity', '@cache'] }, () => {
  test.describe.configure({ mode: 'default' });

  test('every write that would drop cached copies works without a cache: change, checkout, a failed payment, cancel, archive', async ({ privateClients }) => {
    const { admin, catalogue, customers, shop } = privateClients;
    const product = await catalogue.create({ stock: 10 });
    const customer = await customers.create();

    const changed = ensureOk(await admin.products.update(product.id, { price_cents: product.price_cents + 1 }));
    const paid = await shop.settled(customer, (await shop.buy(customer, product)).id);
    const failed = await shop.settled(customer, (await shop.buy(customer, product, { cardToken: 'tok_chargeDeclined' })).id);
    const cancelled = await customer.api.orders.cancel(paid.id);
    const archived = await admin.products.remove(product.id);

    expect([changed.version, paid.status, failed.status, cancelled.status, archived.status]).toEqual([product.version + 1, 'paid', 'payment_failed', 200, 204]);
    expect((await admin.products.get(product.id)).status, 'archived').toBe(404);
  });
});
