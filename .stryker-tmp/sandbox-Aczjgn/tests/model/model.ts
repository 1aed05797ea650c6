// @ts-nocheck
import type { OrderStatus } from '../../api-clients/schemas/orders.js';

// What the contract (../shared/API.md) promises about the shop's state, small enough to
// read in one go: the generated journeys apply every operation to this and to shop-api,
// and compare. Ids and tokens are the service's (learned from its answers); everything
// else the model predicts. Nothing here talks HTTP.

export const ACTORS = ['ana', 'ben', 'cy'] as const;
export type ActorName = (typeof ACTORS)[number];

/** The two card tokens whose payment settles at once: one is charged, one declined. */
export const CARDS = ['tok_visa', 'tok_chargeDeclined'] as const;
export type Card = (typeof CARDS)[number];
const OUTCOME: Record<Card, 'paid' | 'payment_failed'> = { tok_visa: 'paid', tok_chargeDeclined: 'payment_failed' };

/** A cart line holds 1..99 (API.md, Cart). */
export const MAX_LINE = 99;

export interface Token {
  value: string;
  /** Why it no longer works: a token is revoked by logout and by deleting its user. */
  revoked?: 'logged out' | 'account deleted';
}

export interface Line {
  itemId: number;
  product: number;
  quantity: number;
}

/** A checkout sent with an Idempotency-Key, and the first answer, which a repeat replays. */
export interface KeyedCheckout {
  key: string;
  address: string;
  card: Card;
  status: number;
  /** The first response's order (201), replayed as it was. */
  order?: unknown;
}

/** One account of an actor: an actor who deletes theirs may sign up again as a new one. */
export interface Account {
  id: number;
  username: string;
  email: string;
  password: string;
  bio: string | null;
  version: number;
  deleted: boolean;
  tokens: Token[];
  cart: Line[];
  keyed: KeyedCheckout[];
  /** Failed logins of this username (deleted accounts only; 5 would lock it, see LoginDeleted). */
  failedLogins: number;
}

export interface Actor {
  name: ActorName;
  /** Every account, the current one last; none until the actor signs up. */
  accounts: Account[];
}

export interface ProductState {
  label: string;
  id: number;
  name: string;
  priceCents: number;
  currency: string;
  initialStock: number;
  /** Stock, not counting what declined payments still pending will give back (see stockClaim). */
  stock: number;
}

export interface OrderItem {
  product: number;
  quantity: number;
}

export interface OrderState {
  id: number;
  owner: ActorName;
  ownerId: number;
  items: OrderItem[];
  totalCents: number;
  card: Card;
  address: string;
  /** The statuses known to have happened. */
  history: OrderStatus[];
  /** Payment known to have settled (seen paid or payment_failed, or cancelled first). */
  settled: boolean;
  /** Its units are back in stock (cancelled, or its failed payment gave them back). */
  stockReturned: boolean;
}

export interface Model {
  actors: Record<ActorName, Actor>;
  products: ProductState[];
  orders: OrderState[];
  /** False where products are the shared demo catalogue: stock is then not the model's to know. */
  tracksStock: boolean;
}

/** The actor's current account (callers first make sure there is one: hasAccount, isLive, canAct). */
export const account = (m: Readonly<Model>, name: ActorName): Account => m.actors[name].accounts.at(-1)!;

export const hasAccount = (m: Readonly<Model>, name: ActorName): boolean => m.actors[name].accounts.length > 0;

/** Signed up, and the account not deleted. */
export const isLive = (m: Readonly<Model>, name: ActorName): boolean => hasAccount(m, name) && !account(m, name).deleted;

/** The token an actor acts with: the newest of the current account that still works. */
export function liveToken(m: Readonly<Model>, name: ActorName): string | undefined {
  return isLive(m, name) ? account(m, name).tokens.findLast((t) => !t.revoked)?.value : undefined;
}

export const canAct = (m: Readonly<Model>, name: ActorName): boolean => liveToken(m, name) !== undefined;

export function revokedTokens(m: Readonly<Model>): { actor: ActorName; token: Token }[] {
  return Object.values(m.actors).flatMap((a) => a.accounts.flatMap((acc) => acc.tokens.filter((t) => t.revoked).map((token) => ({ actor: a.name, token }))));
}

export const lineTotal = (m: Readonly<Model>, line: Line): number => m.products[line.product]!.priceCents * line.quantity;

/** The cart as GET /cart must show it (lines in the order they were added). */
export function expectedCart(m: Readonly<Model>, name: ActorName) {
  const items = account(m, name).cart.map((line) => {
    const p = m.products[line.product]!;
    return { id: line.itemId, product_id: p.id, name: p.name, unit_price_cents: p.priceCents, quantity: line.quantity, line_total_cents: lineTotal(m, line) };
  });
  return { items, total_cents: items.reduce((sum, i) => sum + i.line_total_cents, 0) };
}

/** The orders an actor's current account owns, newest first (GET /orders). */
export const ownOrders = (m: Readonly<Model>, name: ActorName): OrderState[] =>
  m.orders.filter((o) => o.ownerId === account(m, name).id).reverse();

// --- payment: pending or settled --------------------------------------------------

/** What payment will make of the order: the card token decides (API.md, payment provider). */
export const outcomeOf = (o: OrderState): 'paid' | 'payment_failed' => OUTCOME[o.card];

export const status = (o: OrderState): OrderStatus => o.history.at(-1)!;

/** May the service have moved the order on without being asked? Only its payment may. */
export const mayBeSettling = (o: OrderState): boolean => status(o) === 'pending' && !o.settled;

/** The status histories the service may show now: payment may or may not have settled. */
export function possibleHistories(o: OrderState): OrderStatus[][] {
  return mayBeSettling(o) ? [o.history, [...o.history, outcomeOf(o)]] : [o.history];
}

/**
 * Learns from a history the service showed (one of possibleHistories): a settled payment
 * becomes known, and a failed one has given its stock back.
 */
export function observeHistory(m: Model, o: OrderState, seen: OrderStatus[]): void {
  if (seen.length <= o.history.length) return;
  o.history = seen;
  o.settled = true;
  if (status(o) === 'payment_failed') returnStock(m, o);
}

/** Puts an order's units back in stock, once. */
export function returnStock(m: Model, o: OrderState): void {
  if (o.stockReturned) return;
  o.stockReturned = true;
  for (const item of o.items) m.products[item.product]!.stock += item.quantity;
}

/** Units that declined payments, still in flight, will give back to this product. */
export const returning = (m: Readonly<Model>, product: number): number =>
  m.orders
    .filter((o) => mayBeSettling(o) && outcomeOf(o) === 'payment_failed' && !o.stockReturned)
    .flatMap((o) => o.items)
    .filter((i) => i.product === product)
    .reduce((sum, i) => sum + i.quantity, 0);

/** What the product's stock may be now: exact, unless a declined payment is still settling. */
export function stockClaim(m: Readonly<Model>, product: number): { min: number; max: number } {
  const stock = m.products[product]!.stock;
  return { min: stock, max: stock + returning(m, product) };
}

/** Declares every declined payment holding these products settled as far as stock goes. */
export function stockSettled(m: Model, products: number[]): void {
  for (const o of m.orders) {
    if (mayBeSettling(o) && outcomeOf(o) === 'payment_failed' && o.items.some((i) => products.includes(i.product))) returnStock(m, o);
  }
}

// --- checkout and cancel -------------------------------------------------------------

export type CheckoutVerdict = { status: 422; why: 'empty cart' } | { status: 409; why: string } | { status: 201 };

/**
 * API.md: 422 on an empty cart; 409 when stock is short (nothing changes); else 201.
 * Judged on the stock once declined payments in flight have given theirs back: a checkout
 * first waits for that (decideStock), so the answer is decidable.
 */
export function checkoutVerdict(m: Readonly<Model>, name: ActorName): CheckoutVerdict {
  const cart = account(m, name).cart;
  if (cart.length === 0) return { status: 422, why: 'empty cart' };
  const short = cart.find((line) => line.quantity > stockClaim(m, line.product).max);
  if (short) {
    const p = m.products[short.product]!;
    return { status: 409, why: `${short.quantity} x ${p.label} wanted, ${stockClaim(m, short.product).max} in stock` };
  }
  return { status: 201 };
}

/** A 201 checkout: in one transaction, stock taken, order written (pending), cart emptied. */
export function applyCheckout(m: Model, name: ActorName, order: { id: number; card: Card; address: string }): OrderState {
  const current = account(m, name);
  const items = current.cart.map(({ product, quantity }) => ({ product, quantity }));
  for (const item of items) m.products[item.product]!.stock -= item.quantity;
  current.cart = [];
  const placed: OrderState = {
    ...order,
    owner: name,
    ownerId: current.id,
    items,
    totalCents: items.reduce((sum, i) => sum + m.products[i.product]!.priceCents * i.quantity, 0),
    history: ['pending'],
    settled: false,
    stockReturned: false,
  };
  m.orders.push(placed);
  return placed;
}

/**
 * What cancelling may answer now (API.md: pending or paid -> 200 cancelled, stock back;
 * cancelled or payment_failed -> 409). A declined payment still settling may go either way.
 */
export function cancelVerdicts(o: OrderState): (200 | 409)[] {
  if (mayBeSettling(o)) return outcomeOf(o) === 'paid' ? [200] : [200, 409];
  return status(o) === 'pending' || status(o) === 'paid' ? [200] : [409];
}

/** The histories a 200 cancel may show: payment may have settled (paid) first. */
export function cancelledHistories(o: OrderState): OrderStatus[][] {
  return possibleHistories(o)
    .filter((h) => h.at(-1) === 'pending' || h.at(-1) === 'paid')
    .map((h) => [...h, 'cancelled']);
}

export function applyCancelled(m: Model, o: OrderState, seen: OrderStatus[]): void {
  o.history = seen;
  o.settled = true;
  returnStock(m, o);
}

/** Units each product has out in orders that hold stock: pending or paid (API.md, stock taken and returned). */
export function unitsHeld(orders: { status: OrderStatus; items: { product_id: number; quantity: number }[] }[], productId: number): number {
  return orders
    .filter((o) => o.status === 'pending' || o.status === 'paid')
    .flatMap((o) => o.items)
    .filter((i) => i.product_id === productId)
    .reduce((sum, i) => sum + i.quantity, 0);
}
