// @ts-nocheck
import fc from 'fast-check';
import { expect } from '../../../fixtures/index.js';
import { expectCart, expectRefused } from '../checks.js';
import { account, canAct, isLive, liveToken, MAX_LINE, type ActorName, type Model } from '../model.js';
import type { Real } from '../real.js';
import { ActorCommand, actor, nth, pick, product, quantity, twoActors, type Weighted } from './command.js';

// The cart (API.md, Cart): one per user; adding a product already in it adds to its line;
// a line holds 1..99; another customer's line is 404 to change or remove.

const cartOf = (m: Readonly<Model>, name: ActorName) => (isLive(m, name) ? account(m, name).cart : []);

export class AddToCart extends ActorCommand {
  readonly kind = 'add to the cart';
  constructor(who: ActorName, readonly product: number, readonly quantity: number) {
    super(who);
  }
  describe(m: Readonly<Model>) {
    const line = cartOf(m, this.who).find((l) => l.product === this.product);
    const merged = (line?.quantity ?? 0) + this.quantity;
    const what = `${this.who} adds ${this.quantity} x ${m.products[this.product]!.label} to the cart`;
    if (!line) return what;
    return merged > MAX_LINE ? `${what}: 422, the line would hold ${merged}` : `${what} (the line grows to ${merged})`;
  }
  async act(m: Model, r: Real) {
    const p = m.products[this.product]!;
    const response = await r.as(liveToken(m, this.who)!).cart.add(p.id, this.quantity);
    const line = cartOf(m, this.who).find((l) => l.product === this.product);
    const merged = (line?.quantity ?? 0) + this.quantity;
    if (merged > MAX_LINE) {
      expectRefused(response, 422);
    } else {
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ product_id: p.id, name: p.name, unit_price_cents: p.priceCents, quantity: merged });
      if (line) {
        expect(response.body.id, 'the same product again adds to its line').toBe(line.itemId);
        line.quantity = merged;
      } else {
        cartOf(m, this.who).push({ itemId: response.body.id, product: this.product, quantity: merged });
      }
    }
    await expectCart(m, r, this.who);
  }
  toString() {
    return `${this.who} adds ${this.quantity} x P${this.product + 1} to the cart`;
  }
}

/** Quantities outside 1..99, and products that do not exist, change nothing. */
export class AddInvalid extends ActorCommand {
  readonly kind = 'add something invalid to the cart';
  constructor(who: ActorName, readonly product: number, readonly what: 0 | 100 | 'unknown product') {
    super(who);
  }
  describe(m: Readonly<Model>) {
    return this.what === 'unknown product'
      ? `${this.who} tries to add a product that does not exist: 404`
      : `${this.who} tries to add ${this.what} x ${m.products[this.product]!.label}: 422`;
  }
  async act(m: Model, r: Real) {
    const cart = r.as(liveToken(m, this.who)!).cart;
    if (this.what === 'unknown product') expectRefused(await cart.add(2_147_483_647, 1), 404);
    else expectRefused(await cart.add(m.products[this.product]!.id, this.what), 422);
    await expectCart(m, r, this.who);
  }
  toString() {
    return this.what === 'unknown product' ? `${this.who} adds an unknown product` : `${this.who} adds ${this.what} x P${this.product + 1}`;
  }
}

export class ChangeLine extends ActorCommand {
  readonly kind = 'change a cart line';
  constructor(who: ActorName, readonly n: number, readonly quantity: number) {
    super(who);
  }
  protected override applies(m: Readonly<Model>) {
    return cartOf(m, this.who).length > 0;
  }
  private valid() {
    return this.quantity >= 1 && this.quantity <= MAX_LINE;
  }
  describe(m: Readonly<Model>) {
    const line = pick(cartOf(m, this.who), this.n)!;
    return `${this.who} sets the ${m.products[line.product]!.label} line to ${this.quantity}${this.valid() ? '' : ': 422'}`;
  }
  async act(m: Model, r: Real) {
    const line = pick(cartOf(m, this.who), this.n)!;
    const response = await r.as(liveToken(m, this.who)!).cart.setQuantity(line.itemId, this.quantity);
    if (this.valid()) {
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ id: line.itemId, quantity: this.quantity });
      line.quantity = this.quantity;
    } else {
      expectRefused(response, 422);
    }
    await expectCart(m, r, this.who);
  }
  toString() {
    return `${this.who} sets cart line #${this.n} to ${this.quantity}`;
  }
}

export class RemoveLine extends ActorCommand {
  readonly kind = 'remove a cart line';
  constructor(who: ActorName, readonly n: number) {
    super(who);
  }
  protected override applies(m: Readonly<Model>) {
    return cartOf(m, this.who).length > 0;
  }
  describe(m: Readonly<Model>) {
    return `${this.who} removes the ${m.products[pick(cartOf(m, this.who), this.n)!.product]!.label} line`;
  }
  async act(m: Model, r: Real) {
    const line = pick(cartOf(m, this.who), this.n)!;
    const cart = r.as(liveToken(m, this.who)!).cart;
    expect((await cart.remove(line.itemId)).status).toBe(204);
    account(m, this.who).cart = cartOf(m, this.who).filter((l) => l !== line);
    await expectCart(m, r, this.who);
    expectRefused(await cart.remove(line.itemId), 404);
  }
  toString() {
    return `${this.who} removes cart line #${this.n}`;
  }
}

export class ViewCart extends ActorCommand {
  readonly kind = 'view the cart';
  constructor(who: ActorName) {
    super(who);
  }
  describe() {
    return `${this.who} looks at the cart`;
  }
  async act(m: Model, r: Real) {
    await expectCart(m, r, this.who);
  }
  toString() {
    return this.describe();
  }
}

/** Another customer's cart line: 404 to change or remove, and it stays as it was. */
export class IntruderTouchesLine extends ActorCommand {
  readonly kind = "touch another's cart line";
  constructor(who: ActorName, readonly victim: ActorName, readonly n: number, readonly how: 'change' | 'remove') {
    super(who);
  }
  protected override applies(m: Readonly<Model>) {
    return cartOf(m, this.victim).length > 0;
  }
  describe(m: Readonly<Model>) {
    const line = pick(cartOf(m, this.victim), this.n)!;
    return `${this.who} tries to ${this.how} ${this.victim}'s ${m.products[line.product]!.label} line: 404`;
  }
  async act(m: Model, r: Real) {
    const line = pick(cartOf(m, this.victim), this.n)!;
    const cart = r.as(liveToken(m, this.who)!).cart;
    expectRefused(await (this.how === 'change' ? cart.setQuantity(line.itemId, 1) : cart.remove(line.itemId)), 404);
    if (canAct(m, this.victim)) await expectCart(m, r, this.victim);
  }
  toString() {
    return `${this.who} tries to ${this.how} ${this.victim}'s cart line #${this.n}`;
  }
}

export const cartCommands: Weighted[] = [
  [6, fc.tuple(actor, product, quantity).map(([a, p, q]) => new AddToCart(a, p, q))],
  [1, fc.tuple(actor, product, fc.constantFrom(0 as const, 100 as const, 'unknown product' as const)).map(([a, p, what]) => new AddInvalid(a, p, what))],
  [
    2,
    fc
      .tuple(actor, nth, fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 1, max: 5 }) }, { weight: 1, arbitrary: fc.constantFrom(0, 100) }))
      .map(([a, n, q]) => new ChangeLine(a, n, q)),
  ],
  [1, fc.tuple(actor, nth).map(([a, n]) => new RemoveLine(a, n))],
  [1, actor.map((a) => new ViewCart(a))],
  [2, fc.tuple(twoActors, nth, fc.constantFrom('change' as const, 'remove' as const)).map(([[a, victim], n, how]) => new IntruderTouchesLine(a, victim, n, how))],
];
