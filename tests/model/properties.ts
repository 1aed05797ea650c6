import type { Order } from '../../api-clients/schemas/orders.js';
import { expect } from '../../fixtures/index.js';
import { awaitSettled, expectCart, expectOrder, expectUnauthorized, readerOf } from './checks.js';
import { account, ACTORS, canAct, isLive, liveToken, mayBeSettling, ownOrders, revokedTokens, unitsHeld, type Model } from './model.js';
import { skuOf } from '../../config/run-marks.js';
import type { Real } from './real.js';

// Properties over a whole sequence, checked once it has run (stock is also checked after
// every command). They read the real shop, not only the model: conservation is counted
// from the orders the service shows.

const POLL = { timeout: 10_000, intervals: [50, 100, 250] };

export async function expectSequenceProperties(m: Model, r: Real): Promise<void> {
  await r.step('properties over the whole sequence', async () => {
    const orders = m.orders.length > 0 ? await r.step('every payment settles', () => settleAll(m, r)) : [];
    if (m.tracksStock) await r.step('stock is never negative; stock plus units in pending or paid orders is conserved', () => expectConserved(m, r, orders));
    if (r.provider && orders.length > 0) await r.step('every paid order has exactly one successful charge; cancelled ones are refunded', () => expectCharges(r, orders));
    if (m.orders.length > 0) await r.step('an order is visible to its owner and the admin, to no one else', () => expectVisibility(m, r));
    await r.step("revoked and deleted users' tokens never work again; the others still do", () => expectTokens(m, r));
    await r.step('carts are as the model says', () => Promise.all(ACTORS.filter((a) => canAct(m, a)).map((a) => expectCart(m, r, a))));
  });
}

/** Waits for every payment in flight, then reads every order (as its owner or the admin). */
async function settleAll(m: Model, r: Real): Promise<Order[]> {
  const read: Order[] = [];
  for (const o of m.orders) {
    if (mayBeSettling(o)) {
      read.push(await awaitSettled(m, r, o));
      continue;
    }
    const reader = readerOf(m, r, o);
    if (!reader) continue; // its owner is gone and there is no admin: nobody may read it
    const response = await reader.orders.get(o.id);
    expect(response.status).toBe(200);
    expectOrder(m, o, response.body);
    read.push(response.body);
  }
  return read;
}

async function expectConserved(m: Model, r: Real, orders: Order[]): Promise<void> {
  expect(orders, 'every order of the sequence could be read').toHaveLength(m.orders.length);
  const listed = (await r.api.products.list({ q: skuOf(`${r.tag}-`), limit: 100 })).body;
  const books = m.products.map((p) => {
    const stock = listed.find((l) => l.id === p.id)?.stock;
    return { product: p.label, initial: p.initialStock, stock, held: unitsHeld(orders, p.id), model: p.stock };
  });
  expect(books.filter((b) => b.stock === undefined || b.stock < 0), 'stock is never negative').toEqual([]);
  expect(books.filter((b) => b.stock! + b.held !== b.initial), 'stock + units held by pending or paid orders = initial stock').toEqual([]);
  expect(books.filter((b) => b.stock !== b.model), 'stock is what the model says').toEqual([]);
}

async function expectCharges(r: Real, orders: Order[]): Promise<void> {
  for (const order of orders) {
    const attempts = (await r.provider!.attempts(order.id)).body;
    const charged = new Set(attempts.filter((a) => a.outcome === 'succeeded').map((a) => a.charge_id));
    if (order.status === 'paid') expect(attempts).toHaveOneSuccessfulCharge(order.total_cents);
    if (order.status === 'payment_failed') expect(attempts).toHaveNoSuccessfulCharge();
    if (order.status === 'cancelled' && charged.size > 0) {
      expect(charged.size, `cancelled order ${order.id} was charged at most once`).toBe(1);
      await expect
        .poll(async () => (await r.provider!.refunds(order.id)).body.map((refund) => refund.charge_id), { message: `cancelled order ${order.id}'s charge is refunded`, ...POLL })
        .toEqual([...charged]);
    }
  }
}

async function expectVisibility(m: Model, r: Real): Promise<void> {
  for (const name of ACTORS.filter((a) => canAct(m, a))) {
    const as = r.as(liveToken(m, name)!);
    const own = account(m, name).id;
    for (const o of m.orders) {
      const response = await as.orders.get(o.id);
      expect(response.status, `${name} reading ${o.owner}'s order ${o.id}`).toBe(o.ownerId === own ? 200 : 404);
    }
    const listed = await as.orders.list({ limit: 100 });
    expect(listed.body.map((o) => o.id), `${name} lists only own orders`).toEqual(ownOrders(m, name).map((o) => o.id));
  }
  if (r.admin) {
    for (const o of m.orders) expect((await r.admin.orders.get(o.id)).status, `the admin reading order ${o.id}`).toBe(200);
  }
}

async function expectTokens(m: Readonly<Model>, r: Real): Promise<void> {
  for (const { token } of revokedTokens(m)) expectUnauthorized(await r.as(token.value).users.me());
  for (const a of ACTORS.filter((name) => isLive(m, name))) {
    const acc = account(m, a);
    for (const token of acc.tokens.filter((t) => !t.revoked)) {
      const me = await r.as(token.value).users.me();
      expect(me.status, `${a}'s token from a login that was not revoked`).toBe(200);
      expect(me.body).toMatchObject({ id: acc.id, bio: acc.bio, version: acc.version });
    }
  }
}
