import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { ensureOk, type ApiResponse, type ShopApi } from '../../api-clients/index.js';
import type { Product } from '../../api-clients/schemas/catalogue.js';
import { expect, race, test as base } from '../../fixtures/index.js';
import { LocalRedis, missingRedisReason } from '../../runtime/local/redis.js';
import { Reaper } from '../../runtime/reaper.js';

// shop-api's product cache (GET /products/{id} read through Redis), on private stacks that
// each bring a Redis of their own: what a read returns and where from (X-Cache), what
// Redis holds after each kind of write, expiry, and Redis stopped or frozen and back.

interface CacheFixtures {
  /** shop-api's cache settings besides REDIS_URL: test.use({ cacheEnv: {...} }). */
  cacheEnv: Record<string, string>;
  /** This test's own Redis, which the private stack's shop-api uses. */
  redis: LocalRedis;
}

const test = base.extend<CacheFixtures>({
  // A TTL no test outlives, so that a hit is never an expiry race. A generous time-out on
  // cache calls, so that load on the machine is not taken for an outage where a test
  // expects a hit; a stopped or frozen Redis is bounded by it all the same.
  cacheEnv: [{ CACHE_TTL_SECONDS: '3600', CACHE_TIMEOUT_MS: '1000' }, { option: true }],

  redis: async ({ manifest, settings }, use, testInfo) => {
    testInfo.skip(!manifest.owned, 'starts services of its own, which a run against a shared environment does not');
    const missing = missingRedisReason();
    testInfo.skip(missing !== undefined, `needs a local Redis: ${missing}`);
    const name = `shop-suite-redis-${testInfo.testId.slice(0, 8)}-${testInfo.repeatEachIndex}`;
    const logsDir = path.resolve(settings.REPORTS_DIR, 'logs', name);
    mkdirSync(logsDir, { recursive: true });
    const reaper = new Reaper();
    const redis = new LocalRedis({ logFile: path.join(logsDir, 'redis.log'), reaper, name });

    await base.step('start a local Redis', () => redis.start());

    await use(redis);

    await base.step('remove the local Redis', () => redis.destroy());

    reaper.release();
  },

  privateStackEnv: async ({ redis, cacheEnv }, use) => use({ REDIS_URL: redis.url, ...cacheEnv }),
});

/** One read: the product and where it came from. */
async function read(api: ShopApi, id: number): Promise<{ cache: string | undefined; product: Product; response: ApiResponse<Product> }> {
  const response = await api.products.get(id);
  expect(response.status, `GET /products/${id}`).toBe(200);
  return { cache: response.header('x-cache'), product: response.body, response };
}

/** What Redis holds for a product: the version of its copy or marker, and whether it is a copy. */
async function held(redis: LocalRedis, id: number): Promise<{ version: number | undefined; copy: boolean }> {
  const [version = '', body = ''] = (await redis.cli('HMGET', `shop-api:product:${id}`, 'version', 'body')).split('\n');
  return { version: version === '' ? undefined : Number(version), copy: body !== '' };
}

async function cacheState(api: ShopApi, state: 'ok' | 'degraded'): Promise<void> {
  await expect.poll(async () => (await api.health.ready()).body.cache, { message: `/ready to report the cache ${state}`, intervals: [50, 100, 250] })
    .toBe(state);
}

test.describe('product cache', { tag: '@integrity' }, () => {
  // Each test starts a stack and a Redis of its own first: on a loaded machine that alone
  // can take most of the default 30 s.
  test.describe.configure({ timeout: 60_000 });

  test('a miss, then a hit with the same product; a change is stored as a marker and read back at once', async ({ privateClients, redis, factories }) => {
    const { api, admin } = privateClients;
    const product = ensureOk(await admin.products.create({ sku: `C-${factories.unique()}`.toUpperCase(), name: 'Cached mug', price_cents: 1200, stock: 5 }));
    await cacheState(api, 'ok');

    const first = await read(api, product.id);
    expect(first.cache).toBe('miss');
    expect(first.product).toEqual(product);
    const second = await read(api, product.id);
    expect(second.cache).toBe('hit');
    expect(second.product).toEqual(product);
    expect(second.response.header('etag')).toBe(first.response.header('etag'));
    expect(await held(redis, product.id)).toEqual({ version: product.version, copy: true });

    const changed = ensureOk(await admin.products.update(product.id, { price_cents: 1500 }));
    expect(await held(redis, product.id), 'a marker of the new version, no copy').toEqual({ version: changed.version, copy: false });
    const after = await read(api, product.id);
    expect(after).toMatchObject({ cache: 'miss', product: changed });
    expect(await read(api, product.id)).toMatchObject({ cache: 'hit', product: changed });

    // The catalogue list is not cached (see shop-api's README): no X-Cache there.
    const list = await api.products.list({ limit: 1 });
    expect(list.status).toBe(200);
    expect(list.header('x-cache')).toBeUndefined();
  });

  test('stock taken at checkout and returned by a cancel or a failed payment: each leaves a marker, and reads show the new stock', async ({ privateClients, redis, factories }) => {
    const { api, admin } = privateClients;
    const product = ensureOk(await admin.products.create({ sku: `C-${factories.unique()}`.toUpperCase(), name: 'Cached lamp', price_cents: 900, stock: 10 }));
    const buyer = factories.user();
    ensureOk(await api.auth.register(buyer));
    const shopper = api.as(ensureOk(await api.auth.login(buyer.username, buyer.password)).access_token);
    await cacheState(api, 'ok');

    /** After a write: Redis holds a marker, the next read misses with this stock at the marker's version, the one after hits. */
    const expectDropped = async (stock: number) => {
      const marker = await held(redis, product.id);
      expect(marker.copy, 'no copy left after the write').toBe(false);
      const next = await read(api, product.id);
      expect(next.cache).toBe('miss');
      expect(next.product).toMatchObject({ stock, version: marker.version });
      expect(await read(api, product.id)).toMatchObject({ cache: 'hit', product: next.product });
    };
    const buy = async (quantity: number, cardToken: string) => {
      ensureOk(await shopper.cart.add(product.id, quantity));
      return ensureOk(await shopper.orders.checkout({ shipping_address: factories.address(), payment_method: 'credit_card', card_token: cardToken }));
    };

    await read(api, product.id);
    expect((await read(api, product.id)).cache).toBe('hit');

    const kept = await test.step('checkout takes 2', () => buy(2, 'tok_visa'));

    await expectDropped(8);

    await test.step('cancel gives them back', async () => ensureOk(await shopper.orders.cancel(kept.id)));

    await expectDropped(10);

    await test.step('a declined payment gives 3 back', async () => {
      const declined = await buy(3, 'tok_chargeDeclined');
      await expect.poll(async () => (await shopper.orders.get(declined.id)).body.status, { message: 'the payment to fail', intervals: [50, 100, 250] })
        .toBe('payment_failed');
    });

    // Checkout's marker is one version behind the stock coming back: only the failed
    // payment's own invalidation leaves a marker at the version the read returns.
    await expectDropped(10);
  });

  test.describe('expiry', () => {
    test.use({ cacheEnv: { CACHE_TTL_SECONDS: '2', CACHE_TIMEOUT_MS: '1000' } });

    test('a copy expires after CACHE_TTL_SECONDS with no write', async ({ privateClients, factories }) => {
      const { api, admin } = privateClients;
      const product = ensureOk(await admin.products.create({ sku: `C-${factories.unique()}`.toUpperCase(), name: 'Short-lived', price_cents: 300, stock: 1 }));
      await cacheState(api, 'ok');
      // Each miss stores a copy for 2 s, so a hit comes; then, with nothing written, a miss
      // can only mean the copy expired (an outage would say bypass).
      await expect.poll(async () => (await read(api, product.id)).cache, { message: 'a read served from the cache', timeout: 20_000 }).toBe('hit');
      await expect.poll(async () => (await read(api, product.id)).cache, { message: 'the copy to expire', timeout: 20_000, intervals: [100, 250, 500] }).toBe('miss');
    });
  });

  test('Redis stopped and started again: reads answer from PostgreSQL, /ready says degraded, the cache comes back by itself', async ({ manifest, privateStack, privateClients, redis, factories }) => {
    test.skip(manifest.target !== 'local', 'stops services of its own: runs on the local target only');
    const { api, admin } = privateClients;
    const product = ensureOk(await admin.products.create({ sku: `C-${factories.unique()}`.toUpperCase(), name: 'Outage kettle', price_cents: 2000, stock: 3 }));
    const pid = privateStack.shopApi.pid;
    await cacheState(api, 'ok');
    await read(api, product.id);

    await test.step('stop Redis', () => redis.stop());

    await cacheState(api, 'degraded');
    const changed = ensureOk(await admin.products.update(product.id, { price_cents: 2100 }));
    const reads = await race('reads while Redis is down', Array.from({ length: 5 }, () => () => api.products.get(product.id)));
    await reads.expectInvariants([
      ['every read answered 200', reads.count(200) === 5],
      ['every read shows the change', reads.ok.every((r) => r.body.price_cents === 2100 && r.body.version === changed.version)],
      ['every read says bypass', reads.ok.every((r) => r.header('x-cache') === 'bypass')],
    ]);

    await test.step('start Redis again (empty)', () => redis.start());

    await cacheState(api, 'ok');
    expect(await read(api, product.id)).toMatchObject({ cache: 'miss', product: changed });
    expect(await read(api, product.id)).toMatchObject({ cache: 'hit', product: changed });
    expect(privateStack.shopApi.pid, 'the same shop-api process').toBe(pid);
  });

  test('Redis frozen (SIGSTOP): reads answer from PostgreSQL, and a change made meanwhile is not served stale once it answers again', async ({ manifest, privateClients, redis, factories }) => {
    test.skip(manifest.target !== 'local', 'stops services of its own: runs on the local target only');
    const { api, admin } = privateClients;
    const product = ensureOk(await admin.products.create({ sku: `C-${factories.unique()}`.toUpperCase(), name: 'Frozen pan', price_cents: 4000, stock: 4 }));
    await cacheState(api, 'ok');
    await read(api, product.id);
    expect((await read(api, product.id)).cache).toBe('hit');

    await test.step('freeze Redis', () => redis.pause());

    const reads = await race('reads while Redis does not answer', Array.from({ length: 5 }, () => () => api.products.get(product.id)));
    await reads.expectInvariants([
      ['every read answered 200 (no hang: each client call is bounded)', reads.count(200) === 5],
      ['every read shows the product', reads.ok.every((r) => r.body.price_cents === 4000)],
      ['no read claims the cache', reads.ok.every((r) => r.header('x-cache') !== 'hit' && r.header('x-cache') !== 'miss')],
    ]);
    await cacheState(api, 'degraded');
    const changed = ensureOk(await admin.products.update(product.id, { price_cents: 4500 }));
    expect(await read(api, product.id)).toMatchObject({ cache: 'bypass', product: changed });

    await test.step('let Redis answer again', () => redis.resume());

    // Frozen, Redis kept everything: the copy from before the change is still there.
    expect(await held(redis, product.id), 'the old copy survived the freeze').toEqual({ version: product.version, copy: true });
    await cacheState(api, 'ok');
    expect(await read(api, product.id), 'the old copy is not served').toMatchObject({ cache: 'miss', product: changed });
    expect(await read(api, product.id)).toMatchObject({ cache: 'hit', product: changed });
  });

  test('reads racing writes: no read shows a price its version never had, and the cache ends on the last write', async ({ privateClients, redis, factories }) => {
    const { api, admin } = privateClients;
    const product = ensureOk(await admin.products.create({ sku: `C-${factories.unique()}`.toUpperCase(), name: 'Raced clock', price_cents: 1000, stock: 9 }));
    await cacheState(api, 'ok');
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
    const stored = await held(redis, product.id);

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
