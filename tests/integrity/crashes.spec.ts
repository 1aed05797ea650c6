import pg from 'pg';
import { ensureOk } from '../../api-clients/index.js';
import type { Order } from '../../api-clients/schemas/orders.js';
import { expect, race, test } from '../../fixtures/index.js';

// Failures of the services themselves, on a private stack each test breaks on its own:
// shop-api killed in the middle of payments, and PostgreSQL going away and coming back.

test.describe('crashes', { tag: '@integrity' }, () => {
  // In turn, on one worker: its private stack is started once and shop-api restarted only
  // where a test's settings differ, instead of a stack for each test (fixtures/test/stacks.ts).
  test.describe.configure({ mode: 'default' });

  test.describe('shop-api killed', () => {
    // The provider holds its answers and the test its locks until it lets them go, so
    // nothing may time out meanwhile; a short lease lets the restarted instance resume the
    // dead one's orders soon. (One set of settings: the tests share one shop-api.)
    test.use({ privateStackEnv: { PAYMENT_LEASE_SECONDS: '2', PAYMENT_ATTEMPT_TIMEOUT_MS: '600000', DB_STATEMENT_TIMEOUT_MS: '600000' } });

    test('mid-payment, then restarted: no acknowledged order is lost, and none is charged twice', async ({ privateStack, privateClients }) => {
      const { paymentProvider, customers, catalogue, shop } = privateClients;
      const product = await catalogue.create({ name: 'Crash test', price_cents: 700, stock: 100 });
      const shopper = await customers.create();

      // Half are charged at once but not yet answered (a crash then loses the answer, not
      // the charge), half are not charged until answered (a crash then loses the charge).
      const acknowledged: Order[] = [];
      for (const cardToken of ['tok_chargeThenHeld', 'tok_held', 'tok_chargeThenHeld', 'tok_held', 'tok_chargeThenHeld', 'tok_held'] as const) {
        acknowledged.push(await shop.buy(shopper, product, { cardToken }));
      }
      const ids = new Set(acknowledged.map((o) => o.id));

      await test.step('wait until the provider holds an answer for every order', async () => {
        await expect
          .poll(async () => new Set((await paymentProvider.attempts()).body.filter((a) => ids.has(a.order_id) && a.status_code === null).map((a) => a.order_id)).size, {
            message: 'the provider to be holding an answer for each order',
            intervals: [20, 50, 100],
          })
          .toBe(ids.size);
      });

      const before = privateStack.shopApi.pid;

      await test.step('kill shop-api (SIGKILL), let the provider answer from now on, and start shop-api again', async () => {
        await privateStack.shopApi.stop('SIGKILL');
        for (const order of acknowledged) ensureOk(await paymentProvider.release(order.id));
        privateStack.shopApi.start();
        await privateStack.shopApi.waitReady();
      });

      expect(privateStack.shopApi.pid).not.toBe(before);

      const settled = await test.step('every acknowledged order settles', async () => {
        let orders: Order[] = [];
        await expect
          .poll(async () => {
            orders = await Promise.all(acknowledged.map(async (o) => ensureOk(await shopper.api.orders.get(o.id))));
            return orders.map((o) => o.status);
          }, { message: 'every order to leave pending', timeout: 20_000, intervals: [100, 250, 500] })
          .toEqual(acknowledged.map(() => 'paid'));
        return orders;
      });

      await test.step('each was charged exactly once, for its total; the charges made before the crash were asked for again and replayed', async () => {
        const attempts = (await paymentProvider.attempts()).body;
        for (const order of settled) {
          expect(attempts.filter((a) => a.order_id === order.id), `order ${order.id}`).toHaveOneSuccessfulCharge(order.total_cents);
        }
        const chargedBeforeTheCrash = attempts.filter((a) => a.token === 'tok_chargeThenHeld' && !a.replayed).map((a) => a.order_id);
        const replayedAfter = attempts.filter((a) => a.replayed).map((a) => a.order_id);
        expect(replayedAfter.sort()).toEqual(chargedBeforeTheCrash.sort());
        expect(replayedAfter).toHaveLength(3);
      });
    });

    test("mid-checkout: the dead request's Idempotency-Key is 409 while its claim is fresh, taken over once it is older than 60 s, then replayed; one order", async ({ privateStack, privateClients, factories }) => {
      const { catalogue, customers } = privateClients;
      const product = await catalogue.create({ stock: 10 });
      const buyer = await customers.create();
      ensureOk(await buyer.api.cart.add(product.id, 2));
      const key = `crash-${product.sku}`;
      const body = { shipping_address: factories.address(), payment_method: 'credit_card' } as const;
      const checkout = () => buyer.api.orders.checkout(body, { idempotencyKey: key });
      const db = new pg.Client({ connectionString: privateStack.postgres.url });
      const locker = new pg.Client({ connectionString: privateStack.postgres.url });
      await Promise.all([db.connect(), locker.connect()]);
      const claim = async () => (await db.query<{ state: string }>('SELECT state FROM idempotency_keys WHERE key = $1', [key])).rows.map((r) => r.state);
      try {
        await test.step('lock the products table, send the checkout, and kill shop-api once its key is claimed', async () => {
          await locker.query('BEGIN; LOCK TABLE products IN ACCESS EXCLUSIVE MODE');
          const dying = checkout().catch((error: unknown) => error);
          await expect.poll(claim, { message: 'the key claimed (in flight) by the checkout', intervals: [20, 50, 100] }).toEqual(['in_flight']);
          await privateStack.shopApi.stop('SIGKILL');
          await locker.query('ROLLBACK');
          await dying;
          privateStack.shopApi.start();
          await privateStack.shopApi.waitReady();
        });

        const fresh = await checkout();
        expect([fresh.status, fresh.header('retry-after')], 'a fresh claim of a request that may still run: 409, retry shortly').toEqual([409, '1']);

        // Time passing, without the test waiting for it: the dead claim is made 61 s old.
        await db.query("UPDATE idempotency_keys SET created_at = created_at - interval '61 seconds' WHERE key = $1", [key]);
        const taken = await checkout();
        expect([taken.status, taken.header('idempotent-replayed')], 'the aged claim taken over: the checkout runs').toEqual([201, undefined]);
        const replayed = await checkout();
        expect([replayed.status, replayed.header('idempotent-replayed'), replayed.body.id], 'then the key replays that order').toEqual([201, 'true', taken.body.id]);
        expect((await buyer.api.orders.list()).body.map((o) => o.id), 'one order').toEqual([taken.body.id]);
        expect(ensureOk(await privateClients.api.products.get(product.id)).stock, 'stock taken once').toBe(8);
      } finally {
        await locker.query('ROLLBACK').catch(() => undefined);
        await Promise.all([db.end(), locker.end()]);
      }
    });
  });

  test('shop-api stopped (SIGTERM) mid-payment: the next instance resumes the order at once, not after its lease', async ({ privateStack, privateClients }) => {
    // The lease on an order in payment lasts minutes here (attempts x time-out); a graceful
    // stop gives it back, so a restart does not leave the order pending that long.
    const { paymentProvider, customers, catalogue, shop } = privateClients;
    const product = await catalogue.create({ stock: 10 });
    const shopper = await customers.create();
    const order = await shop.buy(shopper, product, { cardToken: 'tok_held' });
    await expect
      .poll(async () => (await paymentProvider.attempts(order.id)).body.map((a) => a.outcome), { message: 'the provider to hold its answer', intervals: [20, 50, 100] })
      .toEqual(['in_progress']);

    await test.step('stop shop-api gracefully, let the provider answer from now on, start shop-api again', async () => {
      await privateStack.shopApi.stop('SIGTERM');
      ensureOk(await paymentProvider.release(order.id));
      privateStack.shopApi.start();
      await privateStack.shopApi.waitReady();
    });

    expect((await shop.settled(shopper, order.id)).status).toBe('paid');
    const attempts = (await paymentProvider.attempts(order.id)).body;
    expect(attempts.map((a) => a.outcome)).toEqual(['abandoned', 'succeeded']);
    expect(attempts).toHaveOneSuccessfulCharge(order.total_cents);
  });

  test('PostgreSQL stops and starts again: /ready is 503, calls fail fast with 503, and shop-api recovers by itself', async ({ privateStack, privateClients, factories, shopApiContract }) => {
    const { api, admin } = privateClients;
    const user = await privateClients.customers.create();
    const session = user.api;
    const pid = privateStack.shopApi.pid;

    await test.step('stop PostgreSQL', () => privateStack.postgres.stop());

    await test.step('/ready says 503', async () => {
      await expect.poll(async () => (await api.health.ready()).status, { message: '/ready to answer 503', intervals: [50, 100, 250] }).toBe(503);
    });

    await test.step('API calls answer 503 problem details at once: no hang, no 500, no internals', async () => {
      // Each call is bounded by the client's 15 s time-out: a hang fails the test.
      const result = await race<unknown>('calls while the database is down', [
        () => session.users.me(),
        () => api.auth.login(user.username, user.password),
        () => api.products.list(),
        () => api.auth.register(factories.user()),
      ]);
      const texts = result.outcomes.map((o) => (o.kind === 'unknown' ? o.error : o.response.text)).join('\n');
      await result.expectInvariants([
        ['every call answered', result.unknown === 0],
        ['every answer is 503', result.count(503) === 4],
        ['every answer says to retry (Retry-After)', result.outcomes.every((o) => o.kind !== 'unknown' && o.response.header('retry-after') !== undefined)],
        ['no stack trace, SQL or driver message', !/ECONNREFUSED|SELECT|INSERT|at \/|node_modules|pg-pool/i.test(texts)],
      ]);
      expect(result.outcomes[0]!.kind !== 'unknown' && result.outcomes[0]!.response.problem.detail).toBe('the database is unavailable; try again shortly');
    });

    await test.step('every operation of /openapi.json that documents 503 answers it: Retry-After, problem details, no internals', async () => {
      // As an admin, so that each call passes its role check to the database; the public
      // operations that read a body get a valid one (they reach the database only after it).
      const bodies: Record<string, { json?: unknown; form?: Record<string, string> }> = {
        register: { json: factories.user() },
        login: { form: { username: user.username, password: user.password } },
      };
      const operations = shopApiContract.published!.operations.list().filter((o) => '503' in (o.spec.responses ?? {}));
      const seen: string[] = [];
      for (const operation of operations) {
        const [method, template] = operation.key.split(' ') as [string, string];
        const r = await admin.http.send(method, template.replace('{id}', '1'), bodies[operation.operationId ?? ''] ?? {});
        const internals = /ECONNREFUSED|SELECT|INSERT|at \/|node_modules|pg-pool|postgres/i.test(r.text);
        seen.push(`${operation.key} ${r.status} Retry-After ${r.header('retry-after')}${internals ? ` internals: ${r.text}` : ''}`);
      }
      expect(seen).toEqual(operations.map((o) => `${o.key} 503 Retry-After 1`));
      expect(operations, 'all but /health and /openapi.json').toHaveLength(shopApiContract.published!.operations.list().length - 2);
    });

    await test.step('start PostgreSQL again', () => privateStack.postgres.start());

    await test.step('shop-api recovers without a restart: /ready 200, the same process', async () => {
      await expect.poll(async () => (await api.health.ready()).status, { message: '/ready to answer 200 again', intervals: [50, 100, 250] }).toBe(200);
      expect(privateStack.shopApi.pid).toBe(pid);
    });

    await test.step('nothing was lost: the user logs in and reads its profile', async () => {
      const again = api.as(ensureOk(await api.auth.login(user.username, user.password)).access_token);
      expect((await again.users.me()).body.username).toBe(user.username);
      expect((await session.users.me()).status).toBe(200);
    });
  });

  test('shop-api started while PostgreSQL is down: it answers at once, 503 with Retry-After until the database comes, then serves by itself', async ({ privateStack, privateClients }) => {
    const { api } = privateClients;

    await test.step('stop shop-api and PostgreSQL; start shop-api alone', async () => {
      await privateStack.shopApi.stop('SIGTERM');
      await privateStack.postgres.stop();
      privateStack.shopApi.start();
      await privateStack.shopApi.listening();
    });

    await test.step('it is alive (/health 200), not ready: /ready and the API answer 503 problem details saying it is starting', async () => {
      await expect.poll(async () => (await api.health.health()).status, { message: '/health to answer 200', intervals: [50, 100, 250] }).toBe(200);
      const ready = await api.health.ready();
      const products = await api.products.list();
      for (const response of [ready, products]) {
        expect(response.status).toBe(503);
        expect(response.header('retry-after')).toBeDefined();
        expect(response.problem.detail).toMatch(/starting up/);
      }
    });

    await test.step('start PostgreSQL: shop-api gets ready by itself and serves', async () => {
      await privateStack.postgres.start();
      await expect.poll(async () => (await api.health.ready()).status, { message: '/ready to answer 200', timeout: 30_000, intervals: [100, 250, 500] }).toBe(200);
      expect((await api.products.list()).status).toBe(200);
    });
  });
});
