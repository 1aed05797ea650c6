import fc from 'fast-check';
import { ensureOk, type ApiResponse, type ShopApi } from '../../api-clients/index.js';
import type { Product } from '../../api-clients/schemas/catalogue.js';
import type { CardToken, Order, OrderStatus } from '../../api-clients/schemas/orders.js';
import type { PrivateUser } from '../../api-clients/schemas/users.js';
import { expect, test } from '../../fixtures/index.js';

// Search, filters and paging against an oracle: the test creates the data, draws queries
// with fast-check (text made of what means something to SQL, URLs and JSON, letters in
// mixed case, caseless non-ASCII, empty and over-long values), and compares what shop-api
// answers with the model's own answer over that data, not just a 200. Paging through a
// whole result set must give each match exactly once. The seed is the test's faker seed:
// FAKER_SEED=<seed> replays the same draws.
//
// Case: ASCII letters match in any case on every target. The non-ASCII drawn here is
// caseless (CJK, Arabic, Hebrew, symbols, emoji): how PostgreSQL folds other scripts
// depends on the database's locale, which the contract does not fix.

const RUNS = 25;
const MAX_Q = 100; // the contract's maxLength of q, in code points

/** Pieces of text that mean something to SQL (LIKE included), to URLs and to JSON. */
const SPECIAL = ['%', '_', '\\', "'", '"', ';', '--', '&', '=', '+', '#', '?', '/', '%20', '{', '}', '[', ']', ':', ',', ' ', '*', '(', ')', '<', '>'];
const CASELESS = ['中', '文', '字', 'ع', 'ب', 'א', 'ש', '€', '°', '—', '😀', '🛒', '✓'];
const piece = fc.oneof(fc.constantFrom(...SPECIAL), fc.constantFrom(...CASELESS), fc.stringMatching(/^[a-zA-Z0-9]{1,5}$/));
const text = (min: number, max: number) => fc.array(piece, { minLength: min, maxLength: max }).map((parts) => parts.join(''));

const lowerAscii = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
const matches = (q: string, ...fields: string[]) => fields.some((field) => lowerAscii(field).includes(lowerAscii(q)));
const codePoints = (s: string) => [...s].length;

/** A q drawn against the data: a piece of one of its texts (letters' case flipped at random), random text, empty, or too long. */
function queryOf(texts: string[]): fc.Arbitrary<string> {
  const slice = fc
    .tuple(fc.constantFrom(...texts), fc.nat(), fc.integer({ min: 1, max: 12 }), fc.infiniteStream(fc.boolean()))
    .map(([source, at, length, flips]) => {
      const points = [...source];
      const start = at % Math.max(1, points.length);
      return points.slice(start, start + length).map((c) => (flips.next().value ? c.toUpperCase() : c.toLowerCase())).join('') || source;
    });
  return fc.oneof(
    { arbitrary: slice, weight: 6 },
    { arbitrary: text(1, 4), weight: 2 },
    { arbitrary: fc.constant(''), weight: 1 },
    { arbitrary: fc.constantFrom('x'.repeat(MAX_Q), 'x'.repeat(MAX_Q + 1), '😀'.repeat(MAX_Q), '😀'.repeat(MAX_Q + 1)), weight: 1 },
  );
}

/** Every page of a list, limit at a time, until X-Total-Count is reached: the ids in order, and each page's total. */
async function allPages<T extends { id: number }>(read: (page: { limit: number; offset: number }) => Promise<ApiResponse<T[]>>, limit: number) {
  const first = await read({ limit, offset: 0 });
  const total = Number(first.header('x-total-count'));
  const ids = ensureOk(first).map((i) => i.id);
  const totals = new Set([total]);
  for (let offset = limit; offset < total && offset < 1000; offset += limit) {
    const page = await read({ limit, offset });
    ids.push(...ensureOk(page).map((i) => i.id));
    totals.add(Number(page.header('x-total-count')));
  }
  return { ids, totals };
}

/**
 * A list, page by page in id order, up to the last of the test's own items: a q such as
 * "-" matches what every other test made too, and what they made before ours comes first.
 */
async function upToLast<T extends { id: number }>(read: (page: { limit: number; offset: number }) => Promise<ApiResponse<T[]>>, ours: { id: number }[]): Promise<T[]> {
  const last = Math.max(...ours.map((o) => o.id));
  const found: T[] = [];
  for (let offset = 0; offset < 10_000; offset += 100) {
    const page = ensureOk(await read({ limit: 100, offset }));
    found.push(...page);
    if (page.length < 100 || page.at(-1)!.id >= last) break;
  }
  return found;
}

const refused = (q: string | undefined) => q !== undefined && (q === '' || codePoints(q) > MAX_Q);

/** What a refused q must look like: 422 naming query.q. */
async function expectRefusal(response: Promise<ApiResponse<unknown>>, q: string): Promise<void> {
  const r = await response;
  expect(`${r.status} ${JSON.stringify(r.problem.errors?.map((e) => e.path))}`, `q of ${codePoints(q)} code points`).toBe('422 ["query.q"]');
}

/** Items a test made, listed by q and a yes/no filter, and the oracle over them (id order). */
class SearchModel<T extends { id: number }> {
  constructor(
    readonly made: T[],
    /** In every item of theirs (a SKU, a username) and no other's. */
    readonly token: string,
    /** The filter's name, for the messages (in_stock, is_active). */
    readonly filterName: string,
    /** Whether the service must list the item for q and the filter. */
    readonly listed: (item: T, q: string, filter: boolean | undefined) => boolean,
    /** A page of the service's list for q and the filter. */
    readonly list: (q: string, filter: boolean | undefined, page: { limit: number; offset: number }) => Promise<ApiResponse<T[]>>,
  ) {}

  answer(q: string, filter: boolean | undefined): number[] {
    return this.made.filter((item) => this.listed(item, q, filter)).map((item) => item.id).sort((a, b) => a - b);
  }

  async expectSearch(q: string, filter: boolean | undefined, limit: number): Promise<void> {
    const label = `q=${JSON.stringify(q)} ${this.filterName}=${filter}`;
    if (refused(q)) return expectRefusal(this.list(q, filter, { limit: 100, offset: 0 }), q);
    const found = await upToLast((page) => this.list(q, filter, page), this.made);
    const ours = new Set(this.made.map((item) => item.id));
    // Everything listed matches (ours and the rest); of ours, exactly the oracle's.
    expect(found.filter((item) => !this.listed(item, q, filter)).map((item) => item.id), `listed but not matching ${label}`).toEqual([]);
    expect(found.filter((item) => ours.has(item.id)).map((item) => item.id), `ours for ${label}`).toEqual(this.answer(q, filter));
    // Paging through ours alone (the token): each exactly once, in id order, every page agreeing on the total.
    const paged = await allPages((page) => this.list(this.token, filter, page), limit);
    const expected = this.answer(this.token, filter);
    expect(paged, `paging q=${this.token} ${this.filterName}=${filter} limit=${limit}`).toEqual({ ids: expected, totals: new Set([expected.length]) });
  }
}

/** Products by q (name, SKU or description) and in_stock. */
const productSearch = (api: ShopApi, made: Product[], token: string) =>
  new SearchModel(made, token, 'in_stock',
    (p, q, inStock) => matches(q, p.name, p.sku, p.description) && (inStock === undefined || p.stock > 0 === inStock),
    (q, inStock, page) => api.products.list({ q, ...(inStock === undefined ? {} : { in_stock: inStock }), ...page }));

/** Users (as the admin) by q (username or email) and is_active. */
const userSearch = (admin: ShopApi, made: PrivateUser[], token: string) =>
  new SearchModel(made, token, 'is_active',
    (u, q, active) => matches(q, u.username, u.email) && (active === undefined || u.is_active === active),
    (q, active, page) => admin.users.list({ q, ...(active === undefined ? {} : { is_active: active }), ...page }));

/** A customer's orders, and the oracle over them (newest first). */
class OrderModel {
  constructor(readonly placed: Order[]) {}

  answer(q: string | undefined, status: string | undefined): number[] {
    return [...this.placed]
      .sort((a, b) => b.id - a.id)
      .filter((o) => (q === undefined || matches(q, o.shipping_address)) && (status === undefined || o.status === status))
      .map((o) => o.id);
  }

  async expectSearch(api: ShopApi, q: string | undefined, status: OrderStatus | undefined, limit: number): Promise<void> {
    const filter = { ...(q === undefined ? {} : { q }), ...(status === undefined ? {} : { status }) };
    if (refused(q)) return expectRefusal(api.orders.list(filter), q!);
    const paged = await allPages((page) => api.orders.list({ ...filter, ...page }), limit);
    const expected = this.answer(q, status);
    expect(paged, `q=${JSON.stringify(q)} status=${status} limit=${limit}`).toEqual({ ids: expected, totals: new Set([expected.length]) });
  }
}

test.describe('queries against a model', { tag: '@model' }, () => {
  test('product search, in_stock and paging: every answer equals the oracle over the products the test made', async ({ api, catalogue, factories }) => {
    test.slow(); // RUNS draws, each a few reads
    const token = factories.sku();
    const drawn = fc.sample(fc.tuple(text(1, 8), text(0, 20), fc.nat(2)), { seed: factories.seed, numRuns: 10 });
    const made = await Promise.all(drawn.map(([name, description, stock], i) => catalogue.create({ sku: `${token}-${i}`, name, description, stock })));
    const model = productSearch(api.quiet(), made, token);

    await fc.assert(
      fc.asyncProperty(queryOf(made.flatMap((p) => [p.name, p.description, p.sku])), fc.option(fc.boolean(), { nil: undefined }), fc.integer({ min: 1, max: 4 }), (q, inStock, limit) =>
        model.expectSearch(q, inStock, limit)),
      { seed: factories.seed, numRuns: RUNS },
    );
  });

  test('user search (admin), is_active and paging: every answer equals the oracle over the users the test registered', async ({ api, admin, factories, cleanup }) => {
    test.slow();
    const token = factories.unique().toLowerCase();
    // Usernames allow [A-Za-z0-9_.-] (`_` is LIKE's wildcard), emails a few more (`%`, `+`).
    const names = fc.sample(fc.tuple(fc.stringMatching(/^[A-Za-z0-9_.-]{1,10}$/), fc.stringMatching(/^[A-Za-z0-9_%+-]{1,10}$/)), { seed: factories.seed, numRuns: 8 });
    const made = await Promise.all(names.map(async ([name, local], i) => {
      const data = factories.user({ username: `${name}${token}${i}`.slice(-32), email: `${local}${i}${token}@d${i}.example.test` });
      const user = ensureOk(await api.auth.register(data));
      cleanup.user({ id: user.id, username: data.username, password: data.password });
      return i % 3 === 0 ? ensureOk(await admin.api.users.update(user.id, { is_active: false })) : user;
    }));
    const model = userSearch(admin.api.quiet(), made, token);

    await fc.assert(
      fc.asyncProperty(queryOf(made.flatMap((u) => [u.username, u.email])), fc.option(fc.boolean(), { nil: undefined }), fc.integer({ min: 1, max: 4 }), (q, active, limit) =>
        model.expectSearch(q, active, limit)),
      { seed: factories.seed, numRuns: RUNS },
    );
  });

  test("order search by shipping address, status filter and paging: a customer's orders equal the oracle over the orders it placed", async ({ customers, catalogue, factories, shop }) => {
    test.slow();
    const customer = await customers.create();
    const product = await catalogue.create({ stock: 100 });
    const cards: CardToken[] = ['tok_visa', 'tok_chargeDeclined', 'tok_visa', 'tok_visa', 'tok_chargeDeclined', 'tok_visa'];
    const addresses = fc.sample(text(1, 12), { seed: factories.seed, numRuns: cards.length });
    const ids: number[] = [];
    for (const [i, card] of cards.entries()) {
      ensureOk(await customer.api.cart.add(product.id, 1));
      ids.push(ensureOk(await customer.api.orders.checkout({ shipping_address: addresses[i]!, payment_method: 'credit_card', card_token: card })).id);
    }
    await Promise.all(ids.map((id) => shop.settled(customer, id)));
    ensureOk(await customer.api.orders.cancel(ids[0]!));
    const model = new OrderModel(await Promise.all(ids.map(async (id) => ensureOk(await customer.api.orders.get(id)))));

    await fc.assert(
      fc.asyncProperty(
        fc.option(queryOf(addresses), { nil: undefined }),
        fc.option(fc.constantFrom<OrderStatus>('pending', 'paid', 'payment_failed', 'cancelled'), { nil: undefined }),
        fc.integer({ min: 1, max: 3 }),
        (q, status, limit) => model.expectSearch(customer.api.quiet(), q, status, limit),
      ),
      { seed: factories.seed, numRuns: RUNS },
    );
  });
});
