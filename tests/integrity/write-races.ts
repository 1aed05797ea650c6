import { ensureOk, type ApiResponse, type ShopApi } from '../../api-clients/index.js';
import type { Catalogue } from '../../fixtures/setup/catalogue.js';
import type { Cleanup } from '../../fixtures/setup/cleanup.js';
import type { Account, Customers } from '../../fixtures/setup/customers.js';
import type { Factories } from '../../fixtures/setup/factories.js';
import type { Shop } from '../../fixtures/setup/shop.js';
import { race } from '../../fixtures/race.js';

// A race for every write operation of shop-api's /openapi.json, keyed by operationId:
// AT_ONCE identical or overlapping requests started together (one Promise.all: the
// requests leave at once, no sleeps), then what a correct service must show whatever the
// interleaving: no 5xx; a uniqueness rule with exactly one winner and its documented
// refusal for the rest; no lost update (the state after the writes equals the state after
// the same writes one after another); stock never below zero and conserved; versions
// only forward. write-races.spec.ts runs each ROUNDS times, and fails when an operation
// of the document has neither a race here nor a reason why it needs none.

/** Requests started together in one race. */
export const AT_ONCE = 8;
/** Rounds of each race in one run, each on fresh data (npm run soak repeats them further). */
export const ROUNDS = 2;

export interface RaceWorld {
  api: ShopApi;
  admin: ShopApi;
  customers: Customers;
  catalogue: Catalogue;
  factories: Factories;
  cleanup: Cleanup;
  shop: Shop;
  /** AT_ONCE customers of the test's own, registered once and shared by its rounds (each round reads their state afresh). */
  accounts: () => Promise<Account[]>;
}

export type WriteRace = { race: string; expectHolds: (world: RaceWorld) => Promise<void> } | { noRace: string };

const times = <T>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));
const noServerError = (r: { count: (s: (status: number) => boolean) => number; unknown: number }): [string, boolean] =>
  ['no 5xx, and every request answered', r.count((s) => s >= 500) === 0 && r.unknown === 0];
/** One winner, and every other request its documented refusal. */
const oneWinner = (r: { count: (s: number) => number; outcomes: unknown[] }, won: number, refused: number): [string, boolean][] => [
  [`exactly one ${won}`, r.count(won) === 1],
  [`the other ${r.outcomes.length - 1} answered ${refused}`, r.count(refused) === r.outcomes.length - 1],
];
const checkoutRequest = (factories: Factories) => ({ shipping_address: factories.address(), payment_method: 'credit_card' as const });

/** N writes of one field without If-Match: all succeed, each with its own version, none lost. */
type Versioned = { version: number };

async function everyVersionOnce(name: string, start: number, writes: (() => Promise<ApiResponse<Versioned>>)[], final: () => Promise<Versioned>): Promise<void> {
  const result = await race(name, writes);
  const versions = result.ok.map((r) => r.body.version).sort((a, b) => a - b);
  const last = (await final()).version;
  await result.expectInvariants([
    noServerError(result),
    [`all ${writes.length} answered 200`, result.count(200) === writes.length],
    ['each got its own version, start+1 to start+N: none lost, none twice', JSON.stringify(versions) === JSON.stringify(times(writes.length, (i) => start + i + 1))],
    ['the stored version is the last of them', last === start + writes.length],
  ]);
}

/** N writes with the same If-Match: one 200 and AT_ONCE-1 412, the version one forward. */
async function oneWinnerByVersion(name: string, start: number, writes: (() => Promise<ApiResponse<Versioned>>)[], final: () => Promise<Versioned>): Promise<void> {
  const result = await race(name, writes);
  const last = (await final()).version;
  await result.expectInvariants([
    noServerError(result),
    ...oneWinner(result, 200, 412),
    ['the version went one forward', last === start + 1],
  ]);
}

export const WRITE_RACES: Record<string, WriteRace> = {
  register: {
    race: 'one username registered by N at once (letter case varied): one 201, the rest 409, and the winner logs in',
    expectHolds: async ({ api, factories, cleanup }) => {
      const user = factories.user();
      const result = await race('register', times(AT_ONCE, (i) => () => api.auth.register({ ...user, username: i % 2 ? user.username.toUpperCase() : user.username, email: `${i}.${user.email}` })));
      const winner = result.ok[0]?.body;
      if (winner) cleanup.user({ id: winner.id, username: winner.username, password: user.password });
      const login = await api.auth.login(user.username, user.password);
      await result.expectInvariants([
        noServerError(result),
        ...oneWinner(result, 201, 409),
        ["the winner's password logs in", login.status === 200],
      ]);
    },
  },
  createUser: {
    race: 'one username created by an admin N times at once: one 201, the rest 409',
    expectHolds: async ({ admin, factories, cleanup }) => {
      const user = factories.user();
      const result = await race('create user', times(AT_ONCE, (i) => () => admin.users.create({ ...user, email: `${i}.${user.email}` })));
      const winner = result.ok[0]?.body;
      if (winner) cleanup.user({ id: winner.id, username: winner.username, password: user.password });
      const listed = ensureOk(await admin.users.list({ q: user.username, limit: 100 })).filter((u) => u.username.toLowerCase() === user.username.toLowerCase());
      await result.expectInvariants([
        noServerError(result),
        ...oneWinner(result, 201, 409),
        ['one user has the name', listed.length === 1],
      ]);
    },
  },
  login: {
    race: 'N wrong passwords at once for one username: no more are checked (401) than one at a time would be allowed, the rest 429; then N right ones at once all succeed with distinct tokens',
    expectHolds: async ({ api, customers }) => {
      // How many wrong passwords one at a time are answered 401 before the first 429.
      const probe = await customers.create();
      let allowed = 0;
      while ((await api.auth.login(probe.username, 'wrong password')).status === 401) allowed++;

      const target = await customers.create();
      const wrong = await race('wrong passwords', times(AT_ONCE, () => () => api.auth.login(target.username, 'wrong password')));
      const other = await customers.create();
      const right = await race('right passwords', times(AT_ONCE, () => () => api.auth.login(other.username, other.password)));
      const tokens = new Set(right.ok.map((r) => r.body.access_token));
      const working = await Promise.all([...tokens].map(async (token) => (await api.as(token).users.me()).status));
      await wrong.expectInvariants([
        noServerError(wrong),
        [`as many 401 as one at a time allows (${allowed}), no more`, wrong.count(401) === Math.min(allowed, AT_ONCE)],
        ['the rest 429', wrong.count(429) === AT_ONCE - Math.min(allowed, AT_ONCE)],
      ]);
      await right.expectInvariants([
        noServerError(right),
        [`all ${AT_ONCE} answered 200`, right.count(200) === AT_ONCE],
        [`${AT_ONCE} distinct tokens, each working`, tokens.size === AT_ONCE && working.every((s) => s === 200)],
      ]);
    },
  },
  logout: {
    race: 'one token logged out N times at once: one 200, the rest 401 (the token was revoked by then), and the token is dead after',
    expectHolds: async ({ customers }) => {
      const customer = await customers.create();
      const result = await race('logout', times(AT_ONCE, () => () => customer.api.auth.logout()));
      const after = await customer.api.users.me();
      await result.expectInvariants([
        noServerError(result),
        ...oneWinner(result, 200, 401),
        ['the token is refused after', after.status === 401],
      ]);
    },
  },
  ...Object.fromEntries(
    (['patchCurrentUser', 'putCurrentUser', 'patchUser', 'putUser'] as const).map((operationId) => {
      const method = operationId.startsWith('patch') ? 'update' : 'put';
      const on = (account: Account) => (operationId.endsWith('CurrentUser') ? 'me' : account.user.id);
      return [operationId, {
        race: 'N updates of one account at once: without If-Match all land, each its own version; with the same If-Match exactly one lands, the rest 412; a username taken by N accounts at once has one winner',
        expectHolds: async ({ accounts, factories }: RaceWorld) => {
          const [account, ...others] = await accounts();
          const users = account!.api.users;
          const start = ensureOk(await users.me()).version;
          await everyVersionOnce(`${operationId} without If-Match`, start, times(AT_ONCE, () => () => users[method](on(account!), { bio: factories.bio() })), async () => ensureOk(await users.me()));
          const current = ensureOk(await users.me()).version;
          await oneWinnerByVersion(`${operationId} with one If-Match`, current, times(AT_ONCE, () => () => users[method](on(account!), { bio: factories.bio() }, current)), async () => ensureOk(await users.me()));
          const name = factories.user().username;
          const contenders = [account!, ...others];
          const renames = await race(`${operationId}: one new username for ${AT_ONCE} accounts`, contenders.map((a) => () => a.api.users[method](on(a), { username: name })));
          const holders = (await Promise.all(contenders.map(async (a) => ensureOk(await a.api.users.me()).username))).filter((u) => u === name);
          // The winner's session, and everyone's state, carry on into the next round.
          await renames.expectInvariants([
            noServerError(renames),
            ...oneWinner(renames, 200, 409),
            ['one account holds the name', holders.length === 1],
          ]);
        },
      } satisfies WriteRace];
    }),
  ),
  deleteUser: {
    race: 'one account deleted N times at once: one 204, the rest 404 (or 401 once its token is gone), and it is gone',
    expectHolds: async ({ customers, admin }) => {
      const customer = await customers.create();
      const result = await race('delete user', times(AT_ONCE, (i) => () => (i % 2 ? admin : customer.api).users.remove(customer.user.id)));
      const after = await admin.users.get(customer.user.id);
      await result.expectInvariants([
        noServerError(result),
        ['exactly one 204', result.count(204) === 1],
        ['the rest 404 (the admin) or 401 (its own revoked token)', result.count(404) + result.count(401) === AT_ONCE - 1],
        ['it is gone', after.status === 404],
      ]);
    },
  },
  createProduct: {
    race: 'one SKU created N times at once: one 201, the rest 409',
    expectHolds: async ({ admin, factories, cleanup }) => {
      const product = { sku: factories.sku(), name: 'Raced product', price_cents: 500, stock: 3 };
      const result = await race('create product', times(AT_ONCE, () => () => admin.products.create(product)));
      for (const created of result.ok) cleanup.product(created.body.id);
      const listed = ensureOk(await admin.products.list({ q: product.sku, limit: 100 })).filter((p) => p.sku === product.sku);
      await result.expectInvariants([
        noServerError(result),
        ...oneWinner(result, 201, 409),
        ['one product has the SKU', listed.length === 1],
      ]);
    },
  },
  updateProduct: {
    race: 'N changes of one product at once: without If-Match all land, each its own version; with the same If-Match exactly one, the rest 412',
    expectHolds: async ({ admin, api, catalogue }) => {
      const product = await catalogue.create({ price_cents: 1000 });
      await everyVersionOnce('update product without If-Match', product.version, times(AT_ONCE, (i) => () => admin.products.update(product.id, { price_cents: 1001 + i })), async () => ensureOk(await api.products.get(product.id)));
      const current = ensureOk(await api.products.get(product.id)).version;
      await oneWinnerByVersion('update product with one If-Match', current, times(AT_ONCE, (i) => () => admin.products.update(product.id, { price_cents: 2000 + i }, current)), async () => ensureOk(await api.products.get(product.id)));
    },
  },
  archiveProduct: {
    race: 'one product archived N times at once: one 204, the rest 404, and it is gone from reads and lists',
    expectHolds: async ({ admin, api, catalogue }) => {
      const product = await catalogue.create();
      const result = await race('archive product', times(AT_ONCE, () => () => admin.products.remove(product.id)));
      const [read, listed] = await Promise.all([api.products.get(product.id), api.products.list({ q: product.sku })]);
      await result.expectInvariants([
        noServerError(result),
        ...oneWinner(result, 204, 404),
        ['it reads 404 and is in no list', read.status === 404 && ensureOk(listed).length === 0],
      ]);
    },
  },
  addCartItem: {
    race: 'N "+1" of one product into one cart at once: one line, its quantity N (none lost), and each answer the line as its own add left it (1..N, each once)',
    expectHolds: async ({ customers, catalogue }) => {
      const customer = await customers.create();
      const product = await catalogue.create({ stock: 100 });
      const result = await race('add to cart', times(AT_ONCE, () => () => customer.api.cart.add(product.id, 1)));
      const cart = ensureOk(await customer.api.cart.get());
      await result.expectInvariants([
        noServerError(result),
        [`all ${AT_ONCE} answered 201`, result.count(201) === AT_ONCE],
        [`one line, quantity ${AT_ONCE}`, cart.items.length === 1 && cart.items[0]!.quantity === AT_ONCE],
        ['the answers hold 1..N, each once', JSON.stringify(result.ok.map((r) => r.body.quantity).sort((a, b) => a - b)) === JSON.stringify(times(AT_ONCE, (i) => i + 1))],
      ]);
    },
  },
  updateCartItem: {
    race: 'one cart line set to N quantities at once: all 200, each answering the quantity it set, and it ends at one of them',
    expectHolds: async ({ customers, catalogue }) => {
      const customer = await customers.create();
      const product = await catalogue.create({ stock: 100 });
      const line = ensureOk(await customer.api.cart.add(product.id, 1));
      const quantities = times(AT_ONCE, (i) => i + 2);
      const result = await race('set quantity', quantities.map((q) => () => customer.api.cart.setQuantity(line.id, q)));
      const cart = ensureOk(await customer.api.cart.get());
      await result.expectInvariants([
        noServerError(result),
        [`all ${AT_ONCE} answered 200`, result.count(200) === AT_ONCE],
        ['each answered the quantity it set', result.outcomes.every((o) => o.kind === 'ok' && o.response.body.quantity === quantities[o.index])],
        ['one line, at one of the quantities sent', cart.items.length === 1 && quantities.includes(cart.items[0]!.quantity)],
      ]);
    },
  },
  removeCartItem: {
    race: 'one cart line removed N times at once: one 204, the rest 404, the cart empty',
    expectHolds: async ({ customers, catalogue }) => {
      const customer = await customers.create();
      const product = await catalogue.create();
      const line = ensureOk(await customer.api.cart.add(product.id, 1));
      const result = await race('remove from cart', times(AT_ONCE, () => () => customer.api.cart.remove(line.id)));
      const cart = ensureOk(await customer.api.cart.get());
      await result.expectInvariants([
        noServerError(result),
        ...oneWinner(result, 204, 404),
        ['the cart is empty', cart.items.length === 0],
      ]);
    },
  },
  checkout: {
    race: 'one cart checked out N times at once (no Idempotency-Key): one order, the rest 422 (an empty cart), stock taken once',
    expectHolds: async ({ api, customers, catalogue, factories }) => {
      const customer = await customers.create();
      const product = await catalogue.create({ stock: 10 });
      ensureOk(await customer.api.cart.add(product.id, 3));
      const result = await race('checkout', times(AT_ONCE, () => () => customer.api.orders.checkout(checkoutRequest(factories))));
      const [stock, orders] = await Promise.all([api.products.get(product.id), customer.api.orders.list()]);
      await result.expectInvariants([
        noServerError(result),
        ...oneWinner(result, 201, 422),
        ['one order', ensureOk(orders).length === 1],
        ['stock taken once: 10 - 3', ensureOk(stock).stock === 7],
      ]);
    },
  },
  cancelOrder: {
    race: 'one order cancelled N times at once: one 200, the rest 409, stock returned once',
    expectHolds: async ({ api, customers, catalogue, shop }) => {
      const customer = await customers.create();
      const product = await catalogue.create({ stock: 10 });
      const order = await shop.buy(customer, product, { quantity: 2 });
      const result = await race('cancel', times(AT_ONCE, () => () => customer.api.orders.cancel(order.id)));
      const [stock, after] = await Promise.all([api.products.get(product.id), customer.api.orders.get(order.id)]);
      await result.expectInvariants([
        noServerError(result),
        ...oneWinner(result, 200, 409),
        ['the order is cancelled', ensureOk(after).status === 'cancelled'],
        ['stock returned once: back at 10', ensureOk(stock).stock === 10],
      ]);
    },
  },
};
