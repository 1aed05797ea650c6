// @ts-nocheck
import fc from 'fast-check';
import type { ShopApi } from '../../../api-clients/index.js';
import type { Order } from '../../../api-clients/schemas/orders.js';
import { expect } from '../../../fixtures/index.js';
import { awaitSettled, decideStock, expectCart, expectOrder, expectRefused, readerOf } from '../checks.js';
import {
  account,
  applyCancelled,
  applyCheckout,
  canAct,
  cancelledHistories,
  cancelVerdicts,
  CARDS,
  checkoutVerdict,
  liveToken,
  mayBeSettling,
  outcomeOf,
  ownOrders,
  status,
  type ActorName,
  type Card,
  type Model,
  type OrderState,
} from '../model.js';
import type { Real } from '../real.js';
import { ActorCommand, actor, nth, pick, ShopCommand, type Weighted } from './command.js';

// Orders (API.md, Orders and payment): checkout with and without Idempotency-Key, its
// replays, cancel, reading, and payment settling by itself, checked against the
// provider's records. Another customer's order is 404 to read and to cancel.

const orderName = (m: Readonly<Model>, o: OrderState) =>
  `order ${m.orders.indexOf(o) + 1} (${o.owner}'s, ${o.items.map((i) => `${i.quantity} x ${m.products[i.product]!.label}`).join(' + ')}, ${o.card})`;

const statusWords = (o: OrderState) => (mayBeSettling(o) ? `pending or ${outcomeOf(o)}` : status(o));

/** Checks out a cart with something in it (or, as CheckoutEmpty, an empty one: 422). */
export class Checkout extends ActorCommand {
  readonly kind: string = 'check out';
  constructor(who: ActorName, readonly card: Card, readonly keyed: boolean) {
    super(who);
  }
  protected override applies(m: Readonly<Model>) {
    return account(m, this.who).cart.length > 0;
  }
  describe(m: Readonly<Model>) {
    const verdict = checkoutVerdict(m, this.who);
    const key = this.keyed ? `, Idempotency-Key #${account(m, this.who).keyed.length + 1}` : '';
    return `${this.who} checks out with ${this.card}${key}: ${verdict.status}${'why' in verdict ? `, ${verdict.why}` : ''}`;
  }
  async act(m: Model, r: Real) {
    const acc = account(m, this.who);
    await decideStock(m, r, acc.cart.map((l) => l.product));
    const verdict = checkoutVerdict(m, this.who);
    const address = r.world.factories.address();
    const key = this.keyed ? `${r.tag}-${acc.id}-${acc.keyed.length + 1}` : undefined;
    const response = await r.as(liveToken(m, this.who)!).orders.checkout({ shipping_address: address, payment_method: 'credit_card', card_token: this.card }, { idempotencyKey: key });
    if (verdict.status === 201) {
      expect(response.status, `checkout should be 201: ${response.text.slice(0, 300)}`).toBe(201);
      expect(response.body.status).toBe('pending');
      expectOrder(m, applyCheckout(m, this.who, { id: response.body.id, card: this.card, address }), response.body);
    } else {
      expectRefused(response, verdict.status);
    }
    if (key) acc.keyed.push({ key, address, card: this.card, status: response.status, order: response.ok ? response.json : undefined });
    await expectCart(m, r, this.who);
  }
  toString() {
    return `${this.who} checks out with ${this.card}${this.keyed ? ' and a new Idempotency-Key' : ''}`;
  }
}

export class CheckoutEmpty extends Checkout {
  override readonly kind = 'check out an empty cart';
  protected override applies(m: Readonly<Model>) {
    return account(m, this.who).cart.length === 0;
  }
  override toString() {
    return `${super.toString()}, the cart empty`;
  }
}

/** API.md: the same key and body replay the first response (status and order); the same key with another body is 422. */
export class RepeatCheckout extends ActorCommand {
  readonly kind = 'repeat a keyed checkout';
  constructor(who: ActorName, readonly n: number, readonly sameBody: boolean) {
    super(who);
  }
  protected override applies(m: Readonly<Model>) {
    return account(m, this.who).keyed.length > 0;
  }
  describe(m: Readonly<Model>) {
    const keyed = account(m, this.who).keyed;
    const first = pick(keyed, this.n)!;
    const which = `Idempotency-Key #${keyed.indexOf(first) + 1}`;
    return this.sameBody
      ? `${this.who} sends the checkout with ${which} again: the first answer again (${first.status})`
      : `${this.who} reuses ${which} for another address: 422`;
  }
  async act(m: Model, r: Real) {
    const first = pick(account(m, this.who).keyed, this.n)!;
    const address = this.sameBody ? first.address : r.world.factories.address();
    const response = await r
      .as(liveToken(m, this.who)!)
      .orders.checkout({ shipping_address: address, payment_method: 'credit_card', card_token: first.card }, { idempotencyKey: first.key });
    if (this.sameBody) {
      expect(response.status, 'a replay answers as the first time').toBe(first.status);
      if (first.order) expect(response.json, 'a replay is the first response, the same order').toEqual(first.order);
    } else {
      expectRefused(response, 422);
    }
    await expectCart(m, r, this.who);
  }
  toString() {
    return `${this.who} repeats keyed checkout #${this.n} with ${this.sameBody ? 'the same body' : 'another address'}`;
  }
}

/** Cancels as the given client (the owner or the admin) and checks the answer against the model. */
async function cancel(m: Model, o: OrderState, as: ShopApi): Promise<void> {
  const allowed = cancelVerdicts(o);
  const response = await as.orders.cancel(o.id);
  expect(allowed, `cancelling ${orderName(m, o)} may answer ${allowed.join(' or ')}, answered ${response.status}`).toContain(response.status);
  if (response.status === 200) {
    const seen = response.body.status_history.map((h) => h.status);
    expect(response.body.status).toBe('cancelled');
    expect(cancelledHistories(o), `status history of cancelled order ${o.id}`).toContainEqual(seen);
    applyCancelled(m, o, seen);
    expectOrder(m, o, response.body);
    return;
  }
  expectRefused(response, 409);
  if (mayBeSettling(o)) {
    // Refused while the model thought it might be pending: the declined payment must have settled first.
    expectOrder(m, o, (await as.orders.get(o.id)).body);
    expect(status(o)).toBe('payment_failed');
  }
}

export class Cancel extends ActorCommand {
  readonly kind = 'cancel an order';
  constructor(who: ActorName, readonly n: number) {
    super(who);
  }
  protected override applies(m: Readonly<Model>) {
    return ownOrders(m, this.who).length > 0;
  }
  describe(m: Readonly<Model>) {
    const o = pick(ownOrders(m, this.who), this.n)!;
    return `${this.who} cancels ${orderName(m, o)}, ${statusWords(o)}: ${cancelVerdicts(o).join(' or ')}`;
  }
  async act(m: Model, r: Real) {
    await cancel(m, pick(ownOrders(m, this.who), this.n)!, r.as(liveToken(m, this.who)!));
  }
  toString() {
    return `${this.who} cancels own order #${this.n}`;
  }
}

export class AdminCancels extends ShopCommand {
  readonly kind = 'admin cancels an order';
  constructor(readonly n: number) {
    super();
  }
  check(m: Readonly<Model>) {
    return m.orders.length > 0;
  }
  describe(m: Readonly<Model>) {
    const o = pick(m.orders, this.n)!;
    return `the admin cancels ${orderName(m, o)}, ${statusWords(o)}: ${cancelVerdicts(o).join(' or ')}`;
  }
  async act(m: Model, r: Real) {
    await cancel(m, pick(m.orders, this.n)!, r.admin!);
  }
  toString() {
    return `the admin cancels order #${this.n}`;
  }
}

export class ReadOrder extends ShopCommand {
  readonly kind = 'read an order';
  constructor(readonly who: ActorName | 'the admin', readonly n: number) {
    super();
  }
  private orders(m: Readonly<Model>) {
    return this.who === 'the admin' ? m.orders : ownOrders(m, this.who);
  }
  check(m: Readonly<Model>) {
    return (this.who === 'the admin' || canAct(m, this.who)) && this.orders(m).length > 0;
  }
  describe(m: Readonly<Model>) {
    const o = pick(this.orders(m), this.n)!;
    return `${this.who} reads ${orderName(m, o)}: ${statusWords(o)}`;
  }
  async act(m: Model, r: Real) {
    const o = pick(this.orders(m), this.n)!;
    const response = await (this.who === 'the admin' ? r.admin! : r.as(liveToken(m, this.who)!)).orders.get(o.id);
    expect(response.status).toBe(200);
    expectOrder(m, o, response.body);
  }
  toString() {
    return `${this.who} reads order #${this.n}`;
  }
}

export class ListOrders extends ActorCommand {
  readonly kind = 'list own orders';
  constructor(who: ActorName) {
    super(who);
  }
  describe(m: Readonly<Model>) {
    return `${this.who} lists own orders: ${ownOrders(m, this.who).length}`;
  }
  async act(m: Model, r: Real) {
    const expected = ownOrders(m, this.who);
    const response = await r.as(liveToken(m, this.who)!).orders.list({ limit: 100 });
    expect(response.status).toBe(200);
    expect(response.body.map((o) => o.id), 'own orders, newest first').toEqual(expected.map((o) => o.id));
    expect(response.header('x-total-count')).toBe(String(expected.length));
    response.body.forEach((body, i) => expectOrder(m, expected[i]!, body));
  }
  toString() {
    return `${this.who} lists own orders`;
  }
}

/** Payment settles by itself: polled (never slept) until it has, then checked, also at the provider. */
export class AwaitPayment extends ShopCommand {
  readonly kind = 'wait for a payment';
  constructor(readonly n: number) {
    super();
  }
  private order(m: Readonly<Model>) {
    return pick(m.orders.filter(mayBeSettling), this.n);
  }
  check(m: Readonly<Model>) {
    return this.order(m) !== undefined;
  }
  describe(m: Readonly<Model>) {
    const o = this.order(m)!;
    return `payment of ${orderName(m, o)} settles: ${outcomeOf(o)}`;
  }
  async act(m: Model, r: Real) {
    const o = this.order(m)!;
    const order: Order = await awaitSettled(m, r, o);
    expect(order.status).toBe(outcomeOf(o));
    if (r.provider) {
      const attempts = (await r.provider.attempts(o.id)).body;
      if (order.status === 'paid') expect(attempts).toHaveOneSuccessfulCharge(o.totalCents);
      else expect(attempts).toHaveNoSuccessfulCharge();
    }
  }
  toString() {
    return `payment of pending order #${this.n} settles`;
  }
}

/** Another customer's order (also one of a deleted account): 404 to read and to cancel, and it stays as it was. */
export class IntruderTouchesOrder extends ActorCommand {
  readonly kind = "touch another's order";
  constructor(who: ActorName, readonly n: number, readonly how: 'read' | 'cancel') {
    super(who);
  }
  private order(m: Readonly<Model>) {
    return pick(m.orders.filter((o) => o.ownerId !== account(m, this.who).id), this.n);
  }
  protected override applies(m: Readonly<Model>) {
    return this.order(m) !== undefined;
  }
  describe(m: Readonly<Model>) {
    return `${this.who} tries to ${this.how} ${orderName(m, this.order(m)!)}: 404`;
  }
  async act(m: Model, r: Real) {
    const o = this.order(m)!;
    const orders = r.as(liveToken(m, this.who)!).orders;
    expectRefused(await (this.how === 'read' ? orders.get(o.id) : orders.cancel(o.id)), 404);
    const reader = readerOf(m, r, o);
    if (reader) expectOrder(m, o, (await reader.orders.get(o.id)).body);
  }
  toString() {
    return `${this.who} tries to ${this.how} another's order #${this.n}`;
  }
}

export const orderCommands: Weighted[] = [
  [5, fc.tuple(actor, fc.constantFrom(...CARDS), fc.boolean()).map(([a, card, keyed]) => new Checkout(a, card, keyed))],
  [1, fc.tuple(actor, fc.constantFrom(...CARDS), fc.boolean()).map(([a, card, keyed]) => new CheckoutEmpty(a, card, keyed))],
  [2, fc.tuple(actor, nth, fc.boolean()).map(([a, n, same]) => new RepeatCheckout(a, n, same))],
  [3, fc.tuple(actor, nth).map(([a, n]) => new Cancel(a, n))],
  [1, fc.tuple(actor, nth).map(([a, n]) => new ReadOrder(a, n))],
  [1, actor.map((a) => new ListOrders(a))],
  [2, nth.map((n) => new AwaitPayment(n))],
  [2, fc.tuple(actor, nth, fc.constantFrom('read' as const, 'cancel' as const)).map(([a, n, how]) => new IntruderTouchesOrder(a, n, how))],
];

/** What only an admin may do: read and cancel anyone's order. */
export const adminCommands: Weighted[] = [
  [1, nth.map((n) => new AdminCancels(n))],
  [1, nth.map((n) => new ReadOrder('the admin', n))],
];
