import type { Operation } from '../../api-clients/openapi/document.js';
import { ensureOk } from '../../api-clients/index.js';
import { expect, test as base } from '../../fixtures/index.js';
import type { Account } from '../../fixtures/setup/customers.js';

// The answers every operation shares, walked over the operations of the run's own
// /openapi.json (not a list written here): a body that does not parse (400), is too large
// (413) or of another media type (415); a NUL in the query (422); another method on the
// path (405); the path with a trailing slash (308). Each answer is checked against the
// document by the HTTP layer (status, media type, body schema, required headers), and
// here for what it says. Bad input changes nothing: every resource the calls name reads
// the same afterwards. (503, with the database down, is in integrity/crashes.spec.ts.)

/** Whether the operation documents the status. */
const documents = (operation: Operation, status: number) => String(status) in (operation.spec.responses ?? {});

const methodOf = (operation: Operation) => operation.key.slice(0, operation.key.indexOf(' '));

/** The media type the operation's body must have (JSON where it takes none). */
function mediaTypeOf(operation: Operation): string {
  const body = (operation.spec as { requestBody?: { content?: Record<string, unknown> } }).requestBody;
  return Object.keys(body?.content ?? { 'application/json': {} })[0]!;
}

/** Bodies no operation takes, with the answer the document promises and what it says. */
const BAD_BODIES = [
  { status: 400, raw: { body: '{"name": ', contentType: 'application/json' }, detail: () => 'the body is not valid JSON', acceptPost: () => undefined },
  { status: 413, raw: { body: JSON.stringify({ padding: 'x'.repeat(70 * 1024) }), contentType: 'application/json' }, detail: () => 'request body is larger than the 64 KiB limit', acceptPost: () => undefined },
  {
    status: 415,
    raw: { body: 'name=x', contentType: 'text/plain' },
    detail: (o: Operation) => `Content-Type text/plain is not supported here; send ${mediaTypeOf(o)}`,
    acceptPost: (o: Operation) => mediaTypeOf(o),
  },
];

/** What the calls act on: an admin of the test's own (it passes every role check), with a product, an order and a cart item of its own. */
interface World {
  actor: Account;
  ids: Record<string, number>;
  /** Every resource the calls name, as read now. */
  read: () => Promise<unknown>;
}

const test = base.extend<{ world: World }>({
  world: async ({ admin, api, catalogue, factories, cleanup, shop }, use) => {
    const data = factories.user();
    const user = ensureOk(await admin.api.users.create({ ...data, role: 'admin' }));
    cleanup.user({ id: user.id, username: data.username, password: data.password });
    const token = ensureOk(await api.auth.login(data.username, data.password)).access_token;
    const actor: Account = { ...data, user, token, api: api.as(token) };
    const product = await catalogue.create({ stock: 10 });
    const order = await shop.settled(actor, (await shop.buy(actor, product)).id);
    const item = ensureOk(await actor.api.cart.add(product.id, 2));
    const ids = { users: user.id, products: product.id, orders: order.id, cart: item.id };
    const read = async () => {
      const views = await Promise.all([actor.api.users.me(), actor.api.users.get(user.id), api.products.get(product.id), actor.api.cart.get(), actor.api.orders.get(order.id)]);
      return views.map((v) => ({ status: v.status, etag: v.header('etag'), body: v.json }));
    };
    await use({ actor, ids, read });
  },
});

test.describe('documented statuses of every operation', { tag: '@protocol' }, () => {
  /** A concrete path of the operation, naming the world's own resources. */
  const pathOf = (operation: Operation, ids: Record<string, number>) =>
    operation.template.replace('{id}', String(ids[operation.template.split('/')[1]!]));

  test('a body that does not parse is 400, one over 64 KiB 413, one of another media type 415, on every operation that documents them; nothing changes', async ({ world, shopApiContract }) => {
    const operations = shopApiContract.published!.operations.list();
    const calls = BAD_BODIES.flatMap((bad) => operations.filter((o) => documents(o, bad.status)).map((operation) => ({ operation, bad })));
    const before = await world.read();
    const seen: string[] = [];

    for (const { operation, bad } of calls) {
      const r = await world.actor.api.http.send(methodOf(operation), pathOf(operation, world.ids), { raw: bad.raw });
      seen.push(`${operation.key} ${r.status} ${r.problem.detail} (Accept-Post: ${r.header('accept-post')})`);
    }

    expect(seen).toEqual(calls.map(({ operation, bad }) => `${operation.key} ${bad.status} ${bad.detail(operation)} (Accept-Post: ${bad.acceptPost(operation)})`));
    expect(new Set(calls.map((c) => c.operation.key)).size, 'the document names such operations').toBeGreaterThan(15);
    expect(await world.read(), 'the user, product, cart and order read as before, and the token still works').toEqual(before);
  });

  test('a NUL in the query is 422 naming the parameter, on every operation that documents 422', async ({ world, shopApiContract }) => {
    const operations = shopApiContract.published!.operations.list().filter((o) => documents(o, 422));
    const before = await world.read();
    const seen: string[] = [];

    for (const operation of operations) {
      const r = await world.actor.api.http.send(methodOf(operation), pathOf(operation, world.ids), { query: { note: 'a\u0000b' } });
      seen.push(`${operation.key} ${r.status} ${JSON.stringify(r.problem.errors)}`);
    }

    expect(seen).toEqual(operations.map((o) => `${o.key} 422 ${JSON.stringify([{ path: 'query.note', message: 'must not contain NUL characters' }])}`));
    expect(operations, 'every operation documents it').toHaveLength(shopApiContract.published!.operations.list().length);
    expect(await world.read()).toEqual(before);
  });

  test('each documented path answers a method it does not offer with 405, and Allow lists exactly its documented methods', async ({ api, shopApiContract }) => {
    const byPath = new Map<string, Operation[]>();
    for (const o of shopApiContract.published!.operations.list()) byPath.set(o.template, [...(byPath.get(o.template) ?? []), o]);
    const seen: string[] = [];
    const expected: string[] = [];

    for (const [template, operations] of byPath) {
      const offered = operations.map(methodOf).sort();
      const other = ['DELETE', 'PATCH', 'PUT', 'POST', 'GET'].find((m) => !offered.includes(m))!;
      const path = template.replace('{id}', '1');
      expected.push(`${other} ${path} 405 Allow: ${offered.join(', ')}`);
      const r = await api.http.send(other, path);
      seen.push(`${other} ${path} ${r.status} Allow: ${(r.header('allow') ?? '').split(', ').sort().join(', ')}`);
      expect(r.problem.detail).toContain(`${other} is not allowed on ${path}`);
    }

    expect(seen).toEqual(expected);
  });

  test('every operation written with a trailing slash is redirected with 308 to its path, query kept, and nothing done', async ({ api, customer, shopApiContract }) => {
    const operations = shopApiContract.published!.operations.list().filter((o) => documents(o, 308));
    const ids = { users: customer.user.id, products: 1, orders: 1, cart: 1 };
    const seen: string[] = [];

    for (const operation of operations) {
      const path = pathOf(operation, ids);
      const r = await customer.api.http.send(methodOf(operation), `${path}/`, { query: { note: 'x' } });
      seen.push(`${operation.key} ${r.status} ${r.header('location')} ${JSON.stringify(r.text)}`);
    }

    expect(seen).toEqual(operations.map((o) => `${o.key} 308 ${pathOf(o, ids)}?note=x ""`));
    expect(operations, 'every operation documents it').toHaveLength(shopApiContract.published!.operations.list().length);
    // DELETE /users/{id}/ and POST /auth/logout/ were among them: the customer and its token are still there.
    expect((await customer.api.users.me()).status).toBe(200);
    expect(ensureOk(await api.auth.login(customer.username, customer.password)).token_type).toBe('bearer');
  });
});
