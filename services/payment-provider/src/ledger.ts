// What the fake provider knows: every attempt it received, the charges and refunds it
// made, and per idempotency key the request it was first given. In memory: the fake
// lives as long as one test run.

export type Outcome = 'in_progress' | 'succeeded' | 'declined' | 'processing_error' | 'busy' | 'abandoned' | 'rejected' | 'garbage';

export interface ChargeRequest {
  amount_cents: number;
  currency: string;
  token: string;
  order_id: number;
}

export interface Attempt extends ChargeRequest {
  id: string;
  idempotency_key: string;
  received_at: string;
  outcome: Outcome;
  status_code: number | null;
  /** The charge this attempt returned (made now, or made by an earlier attempt with the same key). */
  charge_id: string | null;
  /** True when the charge was made by an earlier attempt and only returned again. */
  replayed: boolean;
}

export interface Charge {
  id: string;
  status: 'succeeded';
  amount_cents: number;
  currency: string;
  order_id: number;
  created_at: string;
  refunded: boolean;
  /** The card token charged: it also decides how refunds of the charge are answered. */
  token: string;
}

/** A refund request as received, whatever the answer. */
export interface RefundAttempt {
  id: string;
  charge_id: string;
  order_id: number | null;
  received_at: string;
  status_code: number;
  outcome: 'refunded' | 'replayed' | 'refused' | 'unavailable' | 'unknown_charge';
}

export interface Refund {
  id: string;
  charge_id: string;
  order_id: number;
  amount_cents: number;
  currency: string;
  status: 'succeeded';
  created_at: string;
}

interface KeyState {
  request: string;
  chargeId?: string;
  failures: number;
}

export class Ledger {
  readonly attempts: Attempt[] = [];
  readonly charges = new Map<string, Charge>();
  readonly refunds = new Map<string, Refund>();
  readonly refundAttempts: RefundAttempt[] = [];
  private readonly keys = new Map<string, KeyState>();
  private counter = 0;

  private nextId(prefix: string): string {
    this.counter += 1;
    return `${prefix}_${this.counter.toString().padStart(6, '0')}`;
  }

  /** The state of an idempotency key; undefined when it was first used with another request. */
  key(key: string, request: ChargeRequest): KeyState | undefined {
    const fingerprint = JSON.stringify([request.amount_cents, request.currency, request.token, request.order_id]);
    const state = this.keys.get(key) ?? { request: fingerprint, failures: 0 };
    this.keys.set(key, state);
    return state.request === fingerprint ? state : undefined;
  }

  record(key: string, request: ChargeRequest): Attempt {
    const attempt: Attempt = {
      id: this.nextId('att'),
      idempotency_key: key,
      ...request,
      received_at: new Date().toISOString(),
      outcome: 'in_progress',
      status_code: null,
      charge_id: null,
      replayed: false,
    };
    this.attempts.push(attempt);
    return attempt;
  }

  /** The key's charge: made once, returned again for every later success with that key. */
  chargeFor(state: KeyState, request: ChargeRequest): { charge: Charge; replayed: boolean } {
    const existing = state.chargeId ? this.charges.get(state.chargeId) : undefined;
    if (existing) return { charge: existing, replayed: true };
    const charge: Charge = {
      id: this.nextId('ch'),
      status: 'succeeded',
      amount_cents: request.amount_cents,
      currency: request.currency,
      order_id: request.order_id,
      created_at: new Date().toISOString(),
      refunded: false,
      token: request.token,
    };
    this.charges.set(charge.id, charge);
    state.chargeId = charge.id;
    return { charge, replayed: false };
  }

  recordRefundAttempt(chargeId: string, charge: Charge | undefined, status: number, outcome: RefundAttempt['outcome']): void {
    this.refundAttempts.push({ id: this.nextId('rat'), charge_id: chargeId, order_id: charge?.order_id ?? null, received_at: new Date().toISOString(), status_code: status, outcome });
  }

  /** One refund per charge: asking again returns the first. */
  refund(charge: Charge): { refund: Refund; replayed: boolean } {
    const existing = [...this.refunds.values()].find((r) => r.charge_id === charge.id);
    if (existing) return { refund: existing, replayed: true };
    const refund: Refund = {
      id: this.nextId('re'),
      charge_id: charge.id,
      order_id: charge.order_id,
      amount_cents: charge.amount_cents,
      currency: charge.currency,
      status: 'succeeded',
      created_at: new Date().toISOString(),
    };
    this.refunds.set(refund.id, refund);
    charge.refunded = true;
    return { refund, replayed: false };
  }
}
