import path from 'node:path';
import pg from 'pg';
import type { ApiResponse } from '../../api-clients/index.js';
import { ensureOk } from '../../api-clients/index.js';
import { expect, test } from '../../fixtures/index.js';
import { serviceLog } from '../../fixtures/setup/service-log.js';

// PostgreSQL failing in the ways that are not an outage (that one is in crashes.spec.ts),
// on a private stack: a statement it refuses, and one it cancels for taking too long.
// Each answer is the documented status with problem details that say nothing of the
// cause, carrying a request id that shop-api's log has on the failure's line; nothing is
// left half-written. (Redis stopped and frozen: cache.spec.ts; the payment provider down,
// slow or talking nonsense: journeys/payments.spec.ts and api10-unsafe-consumption.spec.ts.)

/** What a client must never learn from an error: SQL, the driver, the database, files, versions. */
const INTERNALS = /relation|does not exist|_renamed|select |insert |update |node_modules|\.[jt]s:\d|postgres|\bpg\b|fastify|node\.js|v\d+\.\d+\.\d+/i;

/** Every table of shop-api, each as a digest of its rows: equal digests, nothing written. */
async function tables(db: pg.Client): Promise<Record<string, string>> {
  const { rows } = await db.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name NOT LIKE 'pgmigrations%' ORDER BY 1");
  const digests: Record<string, string> = {};
  for (const { table_name: name } of rows) {
    const { rows: [row] } = await db.query<{ digest: string }>(`SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, ',' ORDER BY t::text)), '') AS digest FROM "${name}" t`);
    digests[name] = row!.digest;
  }
  return digests;
}

/** The lines of shop-api's log about each request id, at the level and with the message expected. */
function logged(logFile: string, ids: string[], expected: { level: number; msg: string }): string[] {
  const lines = serviceLog(logFile);
  return ids.map((id) => (lines.some((l) => l.reqId === id && l.level === expected.level && l.msg === expected.msg) ? `${id} logged` : `${id} not logged`));
}

const said = (r: ApiResponse<unknown>) => `${r.status} ${r.problem.detail}${INTERNALS.test(r.text) ? ` (leaks: ${r.text})` : ''}`;

test.describe('faults of PostgreSQL', { tag: '@integrity' }, () => {
  // In turn, on one worker's private stack (see crashes.spec.ts).
  test.describe.configure({ mode: 'default' });

  test('statements refused (tables renamed under shop-api): every operation documenting 500 answers it, tells nothing, names its request id, and writes nothing', async ({ privateStack, privateClients, factories, shopApiContract }) => {
    const { admin } = privateClients;
    const customer = await privateClients.customers.create();
    const db = new pg.Client({ connectionString: privateStack.postgres.url });
    await db.connect();
    const renamed = ['users', 'access_tokens', 'products'];
    // Public operations reach the database after reading their body, so they get a valid one (and no token).
    const bodies: Record<string, { json?: unknown; form?: Record<string, string> }> = {
      register: { json: factories.user() },
      login: { form: { username: customer.username, password: customer.password } },
    };
    const operations = shopApiContract.published!.operations.list().filter((o) => '500' in (o.spec.responses ?? {}));
    const responses: ApiResponse<unknown>[] = [];
    try {
      const before = await tables(db);

      await test.step(`rename ${renamed.join(', ')}`, () => db.query(renamed.map((t) => `ALTER TABLE ${t} RENAME TO ${t}_renamed`).join('; ')));

      await test.step('call every operation that documents 500, as an admin', async () => {
        for (const operation of operations) {
          const [method, template] = operation.key.split(' ') as [string, string];
          // Public operations go without a token, so that they reach their own statements (a token would fail first, on access_tokens).
          const body = bodies[operation.operationId ?? ''];
          responses.push(await (body ? privateClients.api : admin).http.send(method, template.replace('{id}', String(customer.user.id)), body ?? {}));
        }
      });

      await test.step('rename them back', () => db.query(renamed.map((t) => `ALTER TABLE ${t}_renamed RENAME TO ${t}`).join('; ')));

      expect(responses.map((r, i) => `${operations[i]!.key} ${said(r)}`)).toEqual(operations.map((o) => `${o.key} 500 an unexpected error occurred; it has been logged`));
      expect(operations.length, 'every operation but the health checks and the document').toBeGreaterThan(20);
      expect(responses.map((r) => r.header('x-request-id')), 'the header names the same request').toEqual(responses.map((r) => r.problem.request_id));
      await expect
        .poll(() => logged(path.join(privateStack.logsDir, 'shop-api.log'), responses.map((r) => r.problem.request_id), { level: 50, msg: 'unhandled error' }), { message: "each request id on an error line of shop-api's log" })
        .toEqual(responses.map((r) => `${r.problem.request_id} logged`));
      expect(await tables(db), 'no table changed').toEqual(before);
      expect((await customer.api.users.me()).status, 'shop-api serves again').toBe(200);
    } finally {
      // Whatever failed above, the stack's next test gets its tables back.
      await db.query(renamed.map((t) => `ALTER TABLE IF EXISTS ${t}_renamed RENAME TO ${t}`).join('; '));
      await db.end();
    }
  });

  test.describe('a statement past its time-out', () => {
    test.use({ privateStackEnv: { DB_STATEMENT_TIMEOUT_MS: '5000' } });

    test('a table locked past DB_STATEMENT_TIMEOUT_MS: reads and writes of it are 503 with Retry-After and a logged request id; the writes are undone, an Idempotency-Key freed; served again once the lock goes', async ({ privateStack, privateClients, factories }) => {
      const { admin, catalogue } = privateClients;
      const [customer, buyer] = await privateClients.customers.createMany(2);
      const product = await catalogue.create({ stock: 5 });
      ensureOk(await buyer!.api.cart.add(product.id, 2));
      const checkout = () => buyer!.api.orders.checkout({ shipping_address: factories.address(), payment_method: 'credit_card' }, { idempotencyKey: `key-${product.sku}` });
      // The test's own transaction holds the lock until it lets go: the time-out always comes first, however slow the machine.
      const locker = new pg.Client({ connectionString: privateStack.postgres.url });
      await locker.connect();
      try {
        await test.step('lock the products table (ACCESS EXCLUSIVE) in an open transaction', () => locker.query('BEGIN; LOCK TABLE products IN ACCESS EXCLUSIVE MODE'));

        const responses = await test.step('read, change, put in a cart and check out the product, at once', () =>
          Promise.all([
            admin.products.get(product.id),
            admin.products.update(product.id, { price_cents: product.price_cents + 1 }),
            customer!.api.cart.add(product.id, 1),
            checkout(),
          ]));

        await test.step('let the lock go', () => locker.query('ROLLBACK'));

        expect(responses.map((r) => `${said(r)}; Retry-After ${r.header('retry-after')}`)).toEqual(
          responses.map(() => '503 the database did not answer in time; try again shortly; Retry-After 1'),
        );
        await expect
          .poll(() => logged(path.join(privateStack.logsDir, 'shop-api.log'), responses.map((r) => r.problem.request_id), { level: 40, msg: 'database statement timed out' }), { message: "each request id on a warning of shop-api's log" })
          .toEqual(responses.map((r) => `${r.problem.request_id} logged`));
        expect(ensureOk(await admin.products.get(product.id)), 'the change was undone').toEqual(product);
        expect(ensureOk(await customer!.api.cart.get()).items, 'nothing went into the cart').toEqual([]);
        expect(ensureOk(await admin.products.update(product.id, { price_cents: product.price_cents + 1 })).version, 'served again').toBe(product.version + 1);
        const again = await checkout();
        expect([again.status, again.header('idempotent-replayed')], 'the key was freed, not kept for the 503: the same key checks out now').toEqual([201, undefined]);
        expect(ensureOk(await admin.products.get(product.id)).stock, 'stock taken once').toBe(3);
      } finally {
        await locker.end();
      }
    });
  });
});
