import type { ApiResponse } from '../../api-clients/index.js';
import type { Order } from '../../api-clients/schemas/orders.js';
import { expect } from '../../fixtures/index.js';
import { expectedCart, liveToken, observeHistory, possibleHistories, stockClaim, stockSettled, type ActorName, type Model, type OrderState } from './model.js';
import { skuOf } from '../../config/run-marks.js';
import type { Real } from './real.js';

// Assertions the commands share: the service's answer against the model's claim.

const POLL = { timeout: 10_000, intervals: [20, 50, 100, 250] };

/** An error answer: the status, and (the HTTP layer checks it is problem details) a 404 says "not found". */
export function expectRefused(response: ApiResponse<unknown>, status: number): void {
  expect(response.status, `${response.describe()} should be refused with ${status}: ${response.text.slice(0, 300)}`).toBe(status);
  if (status === 404) expect(response.problem.detail).toContain('not found');
}

/** A 401 for a token that no longer works, with the challenge API.md asks for. */
export function expectUnauthorized(response: ApiResponse<unknown>): void {
  expectRefused(response, 401);
  expect(response.header('www-authenticate')).toMatch(/^Bearer\b/);
}

/** Each product's stock as the catalogue lists it. */
export async function readStock(m: Readonly<Model>, r: Real): Promise<number[]> {
  const listed = await r.api.products.list({ q: skuOf(`${r.tag}-`), limit: 100 });
  expect(listed.status).toBe(200);
  return m.products.map((p) => {
    const found = listed.body.find((l) => l.id === p.id);
    if (!found) throw new Error(`product ${p.label} (${p.id}) is missing from the catalogue`);
    return found.stock;
  });
}

/** After every command: stock is never negative, and is what the model says (a range while a declined payment settles). */
export async function expectStock(m: Readonly<Model>, r: Real): Promise<void> {
  const stock = await readStock(m, r);
  const claims = m.products.map((p, i) => ({ product: p.label, ...stockClaim(m, i), stock: stock[i]! }));
  const wrong = claims.filter((c) => c.stock < 0 || c.stock < c.min || c.stock > c.max);
  expect(wrong, 'stock is never negative and matches the model (min..max while a declined payment is settling)').toEqual([]);
}

/**
 * Stock the model cannot know yet (a declined payment still settling will give some back)
 * is polled until it can: until it has come back, which the contract promises.
 */
export async function decideStock(m: Model, r: Real, products: number[]): Promise<void> {
  const undecided = products.filter((i) => stockClaim(m, i).min !== stockClaim(m, i).max);
  if (undecided.length === 0) return;
  const expected = undecided.map((i) => stockClaim(m, i).max);
  await r.step(`wait until declined payments give back ${undecided.map((i) => m.products[i]!.label).join(', ')}`, async () => {
    await expect
      .poll(async () => {
        const stock = await readStock(m, r);
        return undecided.map((i) => stock[i]);
      }, { message: 'stock held by declined payments should come back', ...POLL })
      .toEqual(expected);
  });
  stockSettled(m, undecided);
}

/** The actor's cart (GET /cart) is the model's, line by line. */
export async function expectCart(m: Readonly<Model>, r: Real, name: ActorName): Promise<void> {
  const cart = await r.as(liveToken(m, name)!).cart.get();
  expect(cart.status).toBe(200);
  const expected = expectedCart(m, name);
  expect(cart.body.items, `${name}'s cart`).toEqual(expected.items);
  expect(cart.body.total_cents).toBe(expected.total_cents);
}

/** An order as the service shows it against the model: items, total, status and history; learns a settled payment. */
export function expectOrder(m: Model, o: OrderState, body: Order): void {
  const items = o.items.map((i) => {
    const p = m.products[i.product]!;
    return { product_id: p.id, name: p.name, unit_price_cents: p.priceCents, quantity: i.quantity };
  });
  const byProduct = (a: { product_id: number }, b: { product_id: number }) => a.product_id - b.product_id;
  expect(body).toMatchObject({ id: o.id, total_cents: o.totalCents, shipping_address: o.address, payment_method: 'credit_card' });
  expect([...body.items].sort(byProduct), `items of order ${o.id}`).toEqual(items.sort(byProduct));
  const seen = body.status_history.map((h) => h.status);
  expect(possibleHistories(o), `status history of order ${o.id} (${o.card})`).toContainEqual(seen);
  observeHistory(m, o, seen);
}

/** Who may read an order: its owner while their token works, else the admin. */
export function readerOf(m: Readonly<Model>, r: Real, o: OrderState) {
  const token = m.actors[o.owner].accounts.at(-1)!.id === o.ownerId ? liveToken(m, o.owner) : undefined;
  return token ? r.as(token) : r.admin;
}

/** Polls an order until its payment has settled (left pending), then checks it against the model. */
export async function awaitSettled(m: Model, r: Real, o: OrderState): Promise<Order> {
  const reader = readerOf(m, r, o);
  if (!reader) throw new Error(`nobody left who may read order ${o.id}`);
  let order: Order | undefined;
  await expect
    .poll(async () => {
      const response = await reader.orders.get(o.id);
      expect(response.status).toBe(200);
      order = response.body;
      return order.status;
    }, { message: `order ${o.id} (${o.card}) should leave pending`, ...POLL })
    .not.toBe('pending');
  expectOrder(m, o, order!);
  return order!;
}
