import { ensureOk, type ApiResponse, type PaymentProviderClient, type ShopApi } from '../../api-clients/index.js';
import type { Order } from '../../api-clients/schemas/orders.js';
import { expect, test } from '../../fixtures/index.js';
import type { Catalogue } from '../../fixtures/setup/catalogue.js';
import type { Account, Customers } from '../../fixtures/setup/customers.js';

// Every view after every write: each row is a write, each column a place that shows the
// data, each cell what the contract says that place must show right after the write:
// the write at once (`show`, with what), nothing any more (`hide`), what it showed
// before (`keep`), or the write once the payment worker has done its part (`settle`,
// polled: refunds are asked of the provider in the background). docs/views-after-writes.md has the table; a row is a test, and a cell
// a step of it (expect.soft: every cell of a row is checked and reported, even after one
// fails). Each row starts from the same world: a product P, in customer A's cart (2), and
// bought once by customer B (order O, paid; pending, its payment held by the provider,
// where the row's write is that payment).

interface World {
  api: ShopApi;
  admin: ShopApi;
  provider: PaymentProviderClient;
  product: { id: number; sku: string; price_cents: number; name: string; stock: number };
  a: Account;
  b: Account;
  order: Order;
  address: string;
}

type Cell = { keep: true } | { hide: true } | { show: Record<string, unknown> } | { settle: Record<string, unknown> };
const keep: Cell = { keep: true };
const hide: Cell = { hide: true };
const show = (what: Record<string, unknown>): Cell => ({ show: what });
const settle = (what: Record<string, unknown>): Cell => ({ settle: what });

/** A view: what one place shows of P or O now, or undefined when it shows nothing of them. */
type View = (w: World) => Promise<Record<string, unknown> | undefined>;

/** The body, or undefined where the reader sees nothing: 404, or 401 (its token revoked). */
const body = async <T>(response: Promise<ApiResponse<T>>): Promise<T | undefined> => {
  const r = await response;
  return r.status === 404 || r.status === 401 ? undefined : ensureOk(r);
};
const productFields = (p: { name: string; price_cents: number; stock: number } | undefined) => p && { name: p.name, price_cents: p.price_cents, stock: p.stock };
const orderFields = (o: Order | undefined) => o && { status: o.status, items: o.items.map((i) => ({ name: i.name, unit_price_cents: i.unit_price_cents, quantity: i.quantity })) };

const VIEWS: Record<string, View> = {
  'the product': async (w) => productFields(await body(w.api.products.get(w.product.id))),
  'the product, read again (a cached copy where there is a cache)': async (w) => {
    await w.api.products.get(w.product.id);
    return productFields(await body(w.api.products.get(w.product.id)));
  },
  'search (q = its SKU)': async (w) => productFields((await body(w.api.products.list({ q: w.product.sku })))?.find((p) => p.id === w.product.id)),
  'the in-stock list (q, in_stock=true)': async (w) => productFields((await body(w.api.products.list({ q: w.product.sku, in_stock: true })))?.find((p) => p.id === w.product.id)),
  "A's cart": async (w) => {
    const line = (await body(w.a.api.cart.get()))?.items.find((i) => i.product_id === w.product.id);
    return line && { name: line.name, unit_price_cents: line.unit_price_cents, quantity: line.quantity };
  },
  'O, as B sees it': async (w) => orderFields(await body(w.b.api.orders.get(w.order.id))),
  "B's order list": async (w) => orderFields((await body(w.b.api.orders.list()))?.find((o) => o.id === w.order.id)),
  'O, as an admin sees it': async (w) => orderFields(await body(w.admin.orders.get(w.order.id))),
  "the admin's order list (scope=all, q = O's address)": async (w) => orderFields((await body(w.admin.orders.list({ scope: 'all', q: w.address })))?.find((o) => o.id === w.order.id)),
  "the provider's records of O": async (w) => ({
    charges: ensureOk(await w.provider.attempts(w.order.id)).filter((a) => a.outcome === 'succeeded').length,
    refunds: ensureOk(await w.provider.refunds(w.order.id)).length,
  }),
};

type Row = {
  write: string;
  /** O's card, where the write is its payment: the provider holds its answer (O pending) until the row releases it. */
  held?: 'tok_held' | 'tok_heldDeclined';
  act: (w: World) => Promise<unknown>;
  cells: Record<keyof typeof VIEWS, Cell>;
};

/** A row's cells start as `keep` everywhere; each row says where its write shows, hides or settles. */
const KEEP_ALL: Record<keyof typeof VIEWS, Cell> = Object.fromEntries(Object.keys(VIEWS).map((name) => [name, keep]));

/** The same cell (or expected value) in each of these views. */
const each = <T>(views: readonly (keyof typeof VIEWS)[], value: T): Record<string, T> => Object.fromEntries(views.map((view) => [view, value]));
const PRODUCT_VIEWS = ['the product', 'the product, read again (a cached copy where there is a cache)', 'search (q = its SKU)', 'the in-stock list (q, in_stock=true)'] as const;
const ORDER_VIEWS = ['O, as B sees it', "B's order list", 'O, as an admin sees it', "the admin's order list (scope=all, q = O's address)"] as const;

const NEW_PRICE = 1234;
const ROWS: Row[] = [
  {
    write: "PATCH P's price",
    act: (w) => w.admin.products.update(w.product.id, { price_cents: NEW_PRICE }),
    cells: {
      ...KEEP_ALL,
      ...each(PRODUCT_VIEWS, show({ price_cents: NEW_PRICE })),
      "A's cart": show({ unit_price_cents: NEW_PRICE }),
    },
  },
  {
    write: "PATCH P's name",
    act: (w) => w.admin.products.update(w.product.id, { name: `Renamed ${w.product.sku}` }),
    cells: {
      ...KEEP_ALL,
      ...each(PRODUCT_VIEWS, show({ name: 'renamed' })),
      "A's cart": show({ name: 'renamed' }),
    },
  },
  {
    write: "PATCH P's stock to 0",
    act: (w) => w.admin.products.update(w.product.id, { stock: 0 }),
    cells: {
      ...KEEP_ALL,
      'the product': show({ stock: 0 }),
      'the product, read again (a cached copy where there is a cache)': show({ stock: 0 }),
      'search (q = its SKU)': show({ stock: 0 }),
      'the in-stock list (q, in_stock=true)': hide,
    },
  },
  {
    write: 'archive P',
    act: (w) => w.admin.products.remove(w.product.id),
    cells: {
      ...KEEP_ALL,
      ...each(PRODUCT_VIEWS, hide),
      // Decided here (the contract is silent): the line stays, at its last price, until A removes it; checkout refuses it (409).
      "A's cart": keep,
    },
  },
  {
    write: 'A checks out (stock taken)',
    act: async (w) => ensureOk(await w.a.api.orders.checkout({ shipping_address: `${w.address} (A)`, payment_method: 'credit_card' })),
    cells: {
      ...KEEP_ALL,
      ...each(PRODUCT_VIEWS, show({ stock: 7 })),
      "A's cart": hide,
    },
  },
  {
    write: "O's payment goes through (the provider's held answer: charged)",
    held: 'tok_held',
    act: (w) => w.provider.release(w.order.id),
    cells: {
      ...KEEP_ALL,
      ...each(ORDER_VIEWS, settle({ status: 'paid' })),
      "the provider's records of O": settle({ charges: 1, refunds: 0 }),
    },
  },
  {
    write: "O's payment fails (the provider's held answer: declined; stock returned)",
    held: 'tok_heldDeclined',
    act: (w) => w.provider.release(w.order.id),
    cells: {
      ...KEEP_ALL,
      ...each(PRODUCT_VIEWS, settle({ stock: 10 })),
      ...each(ORDER_VIEWS, settle({ status: 'payment_failed' })),
    },
  },
  {
    write: 'B cancels O (paid: refunded, stock returned)',
    act: async (w) => ensureOk(await w.b.api.orders.cancel(w.order.id)),
    cells: {
      ...KEEP_ALL,
      ...each(PRODUCT_VIEWS, show({ stock: 10 })),
      ...each(ORDER_VIEWS, show({ status: 'cancelled' })),
      "the provider's records of O": settle({ charges: 1, refunds: 1 }),
    },
  },
  {
    write: "B's account deleted (by an admin)",
    act: async (w) => w.admin.users.remove(w.b.user.id),
    cells: {
      ...KEEP_ALL,
      // Its token is revoked: B sees nothing any more (401); the order itself is kept for the shop.
      'O, as B sees it': hide,
      "B's order list": hide,
    },
  },
  {
    write: 'A made an admin',
    act: async (w) => w.admin.users.update(w.a.user.id, { role: 'admin' }),
    cells: {
      ...KEEP_ALL,
    },
  },
];

/**
 * The world a row starts from: P (price 1000, stock 10) made by the admin, 2 in A's cart,
 * 1 bought by B (O). O is paid, or pending with its payment held when the row's write is that payment.
 */
async function makeWorld(
  f: { api: ShopApi; admin: ShopApi; provider: PaymentProviderClient; customers: Customers; catalogue: Catalogue; factories: { address(): string }; shop: { settled(b: Account, id: number): Promise<Order> } },
  row?: Row,
): Promise<World> {
  const product = await f.catalogue.create({ stock: 10, price_cents: 1000 });
  const [a, b] = await f.customers.createMany(2);
  const address = `${f.factories.address()} ${product.sku}`;
  ensureOk(await a!.api.cart.add(product.id, 2));
  ensureOk(await b!.api.cart.add(product.id, 1));
  const order = await placeOrder(f.shop, b!, row, address);
  return { api: f.api, admin: f.admin, provider: f.provider, product, a: a!, b: b!, order, address };
}

/** B's order O: paid, or pending with its payment held when the row's write is that payment. */
async function placeOrder(shop: { settled(b: Account, id: number): Promise<Order> }, b: Account, row: Row | undefined, address: string): Promise<Order> {
  const held = row?.held;
  const placed = ensureOk(await b.api.orders.checkout({ shipping_address: address, payment_method: 'credit_card', card_token: held ?? 'tok_visa' }));
  return held ? placed : shop.settled(b, placed.id);
}

/** What the view must show after the write, given what it showed before. */
function expected(cell: Cell, before: Record<string, unknown> | undefined): unknown {
  if ('keep' in cell) return before;
  if ('hide' in cell) return undefined;
  const what = 'show' in cell ? cell.show : cell.settle;
  // `name: 'renamed'` stands for the name the write gave.
  return expect.objectContaining(Object.fromEntries(Object.entries(what).map(([k, v]) => [k, v === 'renamed' ? expect.stringMatching(/^Renamed /) : v])));
}

async function expectCell(view: View, world: World, cell: Cell, before: Record<string, unknown> | undefined, label: string): Promise<void> {
  if ('settle' in cell) {
    await expect.poll(() => view(world), { message: label, timeout: 15_000, intervals: [50, 100, 250] }).toEqual(expected(cell, before));
    return;
  }
  expect.soft(await view(world), label).toEqual(expected(cell, before));
}

test.describe('every view after every write', { tag: '@integrity' }, () => {
  test('the writes that make the world (create P, add it to carts, buy it, pay): every view shows them at once', async ({ api, admin, customers, catalogue, factories, shop, paymentProvider }) => {
    const world = await makeWorld({ api, admin: admin.api, customers, catalogue, factories, shop, provider: paymentProvider });
    const product = { name: world.product.name, price_cents: 1000, stock: 9 };
    const order = { status: 'paid', items: [{ name: world.product.name, unit_price_cents: 1000, quantity: 1 }] };
    const created: Record<keyof typeof VIEWS, Record<string, unknown>> = {
      ...each(PRODUCT_VIEWS, product),
      "A's cart": { name: world.product.name, unit_price_cents: 1000, quantity: 2 },
      ...each(ORDER_VIEWS, order),
      "the provider's records of O": { charges: 1, refunds: 0 },
    };
    expect(Object.keys(created).sort(), 'a cell for every view').toEqual(Object.keys(VIEWS).sort());
    for (const [name, view] of Object.entries(VIEWS)) {
      await test.step(`${name}: shows`, async () => expect.soft(await view(world), name).toEqual(created[name]));
    }
  });

  test('the table has a cell for every view in every row', () => {
    expect(ROWS.map((row) => [row.write, Object.keys(row.cells).sort()])).toEqual(ROWS.map((row) => [row.write, Object.keys(VIEWS).sort()]));
  });

  for (const row of ROWS) {
    test(`${row.write}: each view shows it, hides it or keeps what it showed, as the contract says`, async ({ api, admin, customers, catalogue, factories, shop, paymentProvider }) => {
      const world = await makeWorld({ api, admin: admin.api, customers, catalogue, factories, shop, provider: paymentProvider }, row);
      const before = Object.fromEntries(await Promise.all(Object.entries(VIEWS).map(async ([name, view]) => [name, await view(world)] as const)));

      await test.step(row.write, () => row.act(world));

      for (const [name, view] of Object.entries(VIEWS)) {
        await test.step(`${name}: ${Object.keys(row.cells[name]!)[0]}`, () => expectCell(view, world, row.cells[name]!, before[name], `${row.write} -> ${name}`));
      }
    });
  }
});
