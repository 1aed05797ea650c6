import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import type { ApiResponse } from '../../../api-clients/index.js';
import { expect } from '../../../fixtures/index.js';
import { decideStock, readStock } from '../checks.js';
import { serialOrders, type Judge, type SerialOrder } from '../linearize.js';
import {
  account,
  applyCancelled,
  applyCheckout,
  canAct,
  cancelledHistories,
  cancelVerdicts,
  checkoutVerdict,
  expectedCart,
  liveToken,
  mayBeSettling,
  MAX_LINE,
  outcomeOf,
  ownOrders,
  stockClaim,
  type ActorName,
  type Model,
  type OrderState,
} from '../model.js';
import type { Real } from '../real.js';
import { actor, nth, pick, ShopCommand, type Weighted } from './command.js';

// Commands issued in parallel (docs/generated-journeys.md, "At once"): two or three
// operations sent together, so shop-api may apply them in any order. Each answer is
// judged the way linearizability checkers do (linearize.ts): some serial order of the
// operations must explain every answer, and the state read back afterwards (carts,
// profiles, order lists, stock). The model then goes on from that order.
//
// fast-check's scheduler orders promises inside the test's own process; the interleavings
// that matter here happen inside shop-api and PostgreSQL, so the requests really go out
// together and the search over orders happens afterwards.

/** One operation of a group: sent with what the model knew before the group, judged at each place of a serial order. */
abstract class Concurrent {
  constructor(readonly who: ActorName) {}
  /** Whether it can be sent in this state (beyond the actor being able to act). */
  applies(_m: Readonly<Model>): boolean {
    return true;
  }
  abstract describe(m: Readonly<Model>): string;
  abstract toString(): string;
  /** Sends the request; returns the judge of its answer (which closes over the ids and tokens it used). */
  abstract send(m: Readonly<Model>, r: Real): Promise<Judge>;
}

/** The token's state in a model, found by its value (every candidate order has its own copy). */
const revoked = (m: Readonly<Model>, who: ActorName, token: string): boolean =>
  m.actors[who].accounts.some((a) => a.tokens.some((t) => t.value === token && t.revoked !== undefined));

const answered = (response: ApiResponse<unknown>, status: number, what: string): string | undefined =>
  response.status === status ? undefined : `${what} should answer ${status} here, answered ${response.status}`;

/** Every operation of an actor whose token was revoked earlier in the order answers 401, and changes nothing. */
function judged(who: ActorName, token: string, response: ApiResponse<unknown>, what: string, judge: Judge): Judge {
  return (m) => (revoked(m, who, token) ? answered(response, 401, `${what}, after its token was revoked,`) : judge(m));
}

const cartOf = (m: Readonly<Model>, who: ActorName) => account(m, who).cart;

class AddLine extends Concurrent {
  constructor(who: ActorName, readonly product: number, readonly quantity: number) {
    super(who);
  }
  describe(m: Readonly<Model>) {
    return `${this.who} adds ${this.quantity} x ${m.products[this.product]!.label}`;
  }
  toString() {
    return `${this.who} adds ${this.quantity} x P${this.product + 1}`;
  }
  async send(m: Readonly<Model>, r: Real): Promise<Judge> {
    const token = liveToken(m, this.who)!;
    const response = await r.as(token).cart.add(m.products[this.product]!.id, this.quantity);
    return judged(this.who, token, response, this.toString(), (c) => {
      const line = cartOf(c, this.who).find((l) => l.product === this.product);
      const merged = (line?.quantity ?? 0) + this.quantity;
      if (merged > MAX_LINE) return answered(response, 422, `${this.toString()} to a line of ${line!.quantity}`);
      const wrong = answered(response, 201, this.toString());
      if (wrong) return wrong;
      const body = response.body as { id: number; quantity: number };
      if (body.quantity !== merged) return `${this.toString()}: the line should hold ${merged}, the answer says ${body.quantity}`;
      if (line && body.id !== line.itemId) return `${this.toString()}: should add to line ${line.itemId}, answered line ${body.id}`;
      if (line) line.quantity = merged;
      else cartOf(c, this.who).push({ itemId: body.id, product: this.product, quantity: merged });
      return undefined;
    });
  }
}

/** Sets or removes the n-th line of the cart as it was before the group: 404 once the line is gone. */
class TouchLine extends Concurrent {
  constructor(who: ActorName, readonly n: number, readonly quantity: number | 'remove') {
    super(who);
  }
  override applies(m: Readonly<Model>) {
    return cartOf(m, this.who).length > 0;
  }
  describe(m: Readonly<Model>) {
    const label = m.products[pick(cartOf(m, this.who), this.n)!.product]!.label;
    return this.quantity === 'remove' ? `${this.who} removes the ${label} line` : `${this.who} sets the ${label} line to ${this.quantity}`;
  }
  toString() {
    return this.quantity === 'remove' ? `${this.who} removes cart line #${this.n}` : `${this.who} sets cart line #${this.n} to ${this.quantity}`;
  }
  async send(m: Readonly<Model>, r: Real): Promise<Judge> {
    const token = liveToken(m, this.who)!;
    const { itemId } = pick(cartOf(m, this.who), this.n)!;
    const cart = r.as(token).cart;
    const response = this.quantity === 'remove' ? await cart.remove(itemId) : await cart.setQuantity(itemId, this.quantity);
    return judged(this.who, token, response, this.toString(), (c) => {
      const line = cartOf(c, this.who).find((l) => l.itemId === itemId);
      if (!line) return answered(response, 404, `${this.toString()}, the line gone,`);
      if (this.quantity === 'remove') {
        account(c, this.who).cart = cartOf(c, this.who).filter((l) => l !== line);
        return answered(response, 204, this.toString());
      }
      const wrong = answered(response, 200, this.toString());
      if (wrong) return wrong;
      const body = response.body as { id: number; quantity: number };
      if (body.id !== itemId || body.quantity !== this.quantity) return `${this.toString()}: answered line ${body.id} with ${body.quantity}`;
      line.quantity = this.quantity;
      return undefined;
    });
  }
}

/** Checks out with a card that is charged (a declined one would give stock back while the group runs). */
class CheckOut extends Concurrent {
  describe(m: Readonly<Model>) {
    return `${this.who} checks out${cartOf(m, this.who).length === 0 ? ' (the cart empty before)' : ''}`;
  }
  toString() {
    return `${this.who} checks out`;
  }
  async send(m: Readonly<Model>, r: Real): Promise<Judge> {
    const token = liveToken(m, this.who)!;
    const address = r.world.factories.address();
    const response = await r.as(token).orders.checkout({ shipping_address: address, payment_method: 'credit_card', card_token: 'tok_visa' });
    return judged(this.who, token, response, this.toString(), (c) => {
      const verdict = checkoutVerdict(c, this.who);
      if (verdict.status !== 201) return answered(response, verdict.status, `${this.toString()} (${verdict.why})`);
      const wrong = answered(response, 201, this.toString());
      if (wrong) return wrong;
      const body = response.body;
      const items = (o: { product_id: number; quantity: number }[]) => o.map((i) => `${i.quantity} x ${i.product_id}`).sort();
      const cart = expectedCart(c, this.who).items;
      if (!isDeepStrictEqual(items(body.items), items(cart))) return `${this.toString()}: ordered ${items(body.items).join(', ')}, the cart held ${items(cart).join(', ')}`;
      applyCheckout(c, this.who, { id: body.id, card: 'tok_visa', address });
      return undefined;
    });
  }
}

/** Cancels an order whose payment cannot fail (so the answer is decided): the owner's or, as the admin, anyone's. */
class CancelOrder extends Concurrent {
  constructor(who: ActorName, readonly n: number, readonly asAdmin: boolean) {
    super(who);
  }
  private order(m: Readonly<Model>): OrderState | undefined {
    const decided = (o: OrderState) => !(mayBeSettling(o) && outcomeOf(o) === 'payment_failed');
    return pick((this.asAdmin ? m.orders : ownOrders(m, this.who)).filter(decided), this.n);
  }
  override applies(m: Readonly<Model>) {
    return this.order(m) !== undefined;
  }
  describe(m: Readonly<Model>) {
    const o = this.order(m)!;
    return `${this.asAdmin ? 'the admin' : this.who} cancels order ${m.orders.indexOf(o) + 1} (${o.owner}'s)`;
  }
  toString() {
    return this.asAdmin ? `the admin cancels order #${this.n}` : `${this.who} cancels own order #${this.n}`;
  }
  async send(m: Readonly<Model>, r: Real): Promise<Judge> {
    const token = liveToken(m, this.who)!;
    const { id } = this.order(m)!;
    const response = await (this.asAdmin ? r.admin! : r.as(token)).orders.cancel(id);
    const judge: Judge = (c) => {
      const o = c.orders.find((order) => order.id === id)!;
      const allowed = cancelVerdicts(o);
      if (!allowed.includes(response.status as 200 | 409)) return `${this.toString()} should answer ${allowed.join(' or ')} here, answered ${response.status}`;
      if (response.status === 409) return undefined;
      const seen = (response.body).status_history.map((h) => h.status);
      if (!cancelledHistories(o).some((h) => isDeepStrictEqual(h, seen))) return `${this.toString()}: history ${seen.join(' > ')}`;
      applyCancelled(c, o, seen);
      return undefined;
    };
    return this.asAdmin ? judge : judged(this.who, token, response, this.toString(), judge);
  }
}

/** A new bio, with If-Match of the version before the group or without: a stale If-Match is 412. */
class ChangeBio extends Concurrent {
  constructor(who: ActorName, readonly ifMatch: boolean) {
    super(who);
  }
  describe() {
    return `${this.who} changes the bio${this.ifMatch ? ' (If-Match)' : ''}`;
  }
  toString() {
    return this.describe();
  }
  async send(m: Readonly<Model>, r: Real): Promise<Judge> {
    const token = liveToken(m, this.who)!;
    const sent = account(m, this.who).version;
    const bio = `at once ${r.world.factories.unique()}`;
    const response = await r.as(token).users.update('me', { bio }, this.ifMatch ? sent : undefined);
    return judged(this.who, token, response, this.toString(), (c) => {
      const acc = account(c, this.who);
      if (this.ifMatch && acc.version !== sent) return answered(response, 412, `${this.toString()} at version ${acc.version}`);
      const wrong = answered(response, 200, this.toString());
      if (wrong) return wrong;
      const body = response.body as { bio: string | null; version: number };
      if (body.bio !== bio || body.version !== acc.version + 1) return `${this.toString()}: answered version ${body.version}, expected ${acc.version + 1}`;
      acc.bio = bio;
      acc.version += 1;
      return undefined;
    });
  }
}

/** Logs out the token the group's operations use (the actor keeps an older one, to read the state back with). */
class LogOut extends Concurrent {
  describe() {
    return `${this.who} logs out`;
  }
  toString() {
    return this.describe();
  }
  async send(m: Readonly<Model>, r: Real): Promise<Judge> {
    const token = liveToken(m, this.who)!;
    const response = await r.as(token).auth.logout();
    return judged(this.who, token, response, this.toString(), (c) => {
      account(c, this.who).tokens.find((t) => t.value === token)!.revoked = 'logged out';
      return answered(response, 200, this.toString());
    });
  }
}

/** What the state reads back as after a group, for the actors it touched. */
interface Seen {
  carts: Partial<Record<ActorName, unknown>>;
  profiles: Partial<Record<ActorName, { bio: string | null; version: number }>>;
  orders: Partial<Record<ActorName, number[]>>;
  stock: number[];
}

async function readBack(m: Readonly<Model>, r: Real, actors: ActorName[]): Promise<Seen> {
  const seen: Seen = { carts: {}, profiles: {}, orders: {}, stock: m.tracksStock ? await readStock(m, r) : [] };
  await Promise.all(
    actors.map(async (name) => {
      // The oldest token that works: the group used (and may have logged out) the newest.
      const as = r.as(account(m, name).tokens.find((t) => !t.revoked)!.value);
      const [cart, me, orders] = await Promise.all([as.cart.get(), as.users.me(), as.orders.list({ limit: 100 })]);
      expect([cart.status, me.status, orders.status], `${name} reads the state back`).toEqual([200, 200, 200]);
      seen.carts[name] = { items: cart.body.items, total_cents: cart.body.total_cents };
      seen.profiles[name] = { bio: me.body.bio, version: me.body.version };
      seen.orders[name] = orders.body.map((o) => o.id);
    }),
  );
  return seen;
}

/** Where the state read back differs from what a serial order leaves (nothing: it fits). */
function differences(m: Readonly<Model>, seen: Seen): string[] {
  const out: string[] = [];
  for (const name of Object.keys(seen.carts) as ActorName[]) {
    const acc = account(m, name);
    if (!isDeepStrictEqual(seen.carts[name], expectedCart(m, name))) out.push(`${name}'s cart`);
    if (!isDeepStrictEqual(seen.profiles[name], { bio: acc.bio, version: acc.version })) out.push(`${name}'s profile`);
    if (!isDeepStrictEqual(seen.orders[name], ownOrders(m, name).map((o) => o.id))) out.push(`${name}'s orders`);
  }
  seen.stock.forEach((stock, i) => {
    const { min, max } = stockClaim(m, i);
    if (stock < min || stock > max) out.push(`stock of ${m.products[i]!.label}: ${stock}, expected ${min === max ? min : `${min}..${max}`}`);
  });
  return out;
}

export class AtOnce extends ShopCommand {
  readonly kind = 'operations at once';
  constructor(readonly ops: Concurrent[]) {
    super();
  }
  /** The operations that can be sent in this state (a group needs two). */
  private live(m: Readonly<Model>): Concurrent[] {
    return this.ops.filter((op) => canAct(m, op.who) && op.applies(m));
  }
  check(m: Readonly<Model>) {
    return this.live(m).length >= 2;
  }
  describe(m: Readonly<Model>) {
    return `at once: ${this.live(m).map((op) => op.describe(m)).join(' | ')}`;
  }
  toString() {
    return `at once: ${this.ops.join(' | ')}`;
  }
  async act(m: Model, r: Real) {
    const ops = this.live(m);
    await this.prepare(m, r, ops);
    // The barrier: every request is on its way before any answer is read.
    const judges = await Promise.all(ops.map((op) => op.send(m, r)));
    const touched = [...new Set(ops.map((op) => op.who))].filter((name) => canAct(m, name));
    const orders = serialOrders(m, judges);
    const seen = await readBack(m, r, touched);
    const fits = orders.filter((o) => o.after && differences(o.after, seen).length === 0);
    if (fits.length === 0) throw new Error(notLinearizable(m, ops, orders, seen));
    const [first] = fits;
    await r.step(`as if one after another: ${first!.order.map((i) => ops[i]!.describe(m)).join(', then ')}`, async () => {
      Object.assign(m, first!.after);
    });
  }

  /**
   * Before the group: stock a declined payment still holds comes back (so checkouts are
   * decided), and an actor who logs out gets a second token first, to read the state back.
   */
  private async prepare(m: Model, r: Real, ops: Concurrent[]) {
    if (m.tracksStock) await decideStock(m, r, m.products.map((_, i) => i));
    for (const name of new Set(ops.filter((op) => op instanceof LogOut).map((op) => op.who))) {
      if (account(m, name).tokens.filter((t) => !t.revoked).length > 1) continue;
      const acc = account(m, name);
      const login = await r.api.auth.login(acc.username, acc.password);
      expect(login.status, `${name} logs in for a second token`).toBe(200);
      acc.tokens.push({ value: login.body.access_token });
    }
  }
}

function notLinearizable(m: Readonly<Model>, ops: Concurrent[], orders: SerialOrder[], seen: Seen): string {
  return [
    'No serial order of the operations sent at once explains what shop-api answered and shows:',
    ...ops.map((op, i) => `  operation ${i + 1}: ${op.describe(m)}`),
    ...orders.map((o) => `  order ${o.order.map((i) => i + 1).join(', ')}: ${o.why ?? `the state read back differs: ${differences(o.after!, seen).join('; ')}`}`),
  ].join('\n');
}

// --- what fast-check draws ------------------------------------------------------------

/** Mostly the group's own actor and product, so that the operations touch the same cart, line and stock. */
const near = <T>(focus: T, others: fc.Arbitrary<T>) => fc.oneof({ weight: 3, arbitrary: fc.constant(focus) }, { weight: 1, arbitrary: others });

function operation(who: fc.Arbitrary<ActorName>, product: fc.Arbitrary<number>, withOrders: boolean): fc.Arbitrary<Concurrent> {
  const ops: fc.WeightedArbitrary<Concurrent>[] = [
    { weight: 4, arbitrary: fc.tuple(who, product, fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 1, max: 4 }) }, { weight: 1, arbitrary: fc.integer({ min: 50, max: 99 }) })).map(([a, p, q]) => new AddLine(a, p, q)) },
    { weight: 2, arbitrary: fc.tuple(who, nth, fc.integer({ min: 1, max: 5 })).map(([a, n, q]) => new TouchLine(a, n, q)) },
    { weight: 1, arbitrary: fc.tuple(who, nth).map(([a, n]) => new TouchLine(a, n, 'remove')) },
    { weight: 1, arbitrary: fc.tuple(who, fc.boolean()).map(([a, ifMatch]) => new ChangeBio(a, ifMatch)) },
    { weight: 1, arbitrary: who.map((a) => new LogOut(a)) },
  ];
  if (withOrders) {
    ops.push(
      { weight: 3, arbitrary: who.map((a) => new CheckOut(a)) },
      { weight: 2, arbitrary: fc.tuple(who, nth, fc.boolean()).map(([a, n, asAdmin]) => new CancelOrder(a, n, asAdmin)) },
    );
  }
  return fc.oneof(...ops);
}

/** Two or three operations, or (one group in three) one operation sent two or three times: a race inside a journey. */
const group = (withOrders: boolean) =>
  fc
    .tuple(actor, fc.nat({ max: 2 }))
    .chain(([a, p]) => {
      const op = operation(near(a, actor), near(p, fc.nat({ max: 2 })), withOrders);
      return fc.oneof(
        { weight: 2, arbitrary: fc.array(op, { minLength: 2, maxLength: 3 }) },
        { weight: 1, arbitrary: fc.tuple(op, fc.integer({ min: 2, max: 3 })).map(([one, n]) => Array.from({ length: n }, () => one)) },
      );
    })
    .map((ops) => new AtOnce(ops));

/** Groups of carts, checkouts, cancels, profiles and logouts (the whole shop). */
export const atOnceCommands: Weighted[] = [[6, group(true)]];
/** Groups that leave stock alone (the demo catalogue): carts, profiles and logouts. */
export const atOnceCustomerCommands: Weighted[] = [[2, group(false)]];
