// @ts-nocheck
import { setTimeout as delay } from 'node:timers/promises';
import { createClient, type RedisScripts } from '@redis/client';
import type { FastifyBaseLogger } from 'fastify';

/** How often a degraded connection is checked again (only while degraded). */
const PROBE_INTERVAL_MS = 100;

export type CacheHealth = 'ok' | 'degraded';

/**
 * The Redis connection and whether it may be used. Every call is bounded: one that fails
 * or outlasts the time-out marks the cache degraded, and while it is degraded no call is
 * sent at all (callers go to PostgreSQL at once) until a PING answers again. node-redis
 * reconnects by itself; its own command time-out stops at the socket, so a server that
 * stopped answering (SIGSTOP, a network black hole) is bounded here instead.
 */
export class CacheConnection<S extends RedisScripts> {
  readonly client;
  private state: 'starting' | CacheHealth = 'starting';
  private probing = false;
  private closed = false;

  constructor(
    url: string,
    scripts: S,
    private readonly timeoutMs: number,
    private readonly log: FastifyBaseLogger,
  ) {
    this.client = createClient({
      url,
      scripts,
      // RESP2: every Redis speaks it (RESP3 needs 6.0+), and these replies are the same in both.
      RESP: 2,
      // While disconnected, fail at once instead of queueing (the caller reads PostgreSQL).
      disableOfflineQueue: true,
      commandsQueueMaxLength: 1000,
      maintNotifications: 'disabled',
      socket: { connectTimeout: 1000, reconnectStrategy: (retries: number) => Math.min(100 * (retries + 1), 1000) },
    });
    // Without a listener an 'error' event would end the process. Each reconnect attempt
    // emits one, so only the change of state is logged (by markDown).
    this.client.on('error', (err: Error) => this.markDown(err.message));
    this.client.connect().catch((err: unknown) => this.markDown(String(err)));
    this.probe();
  }

  /**
   * Runs a command if the cache is usable, bounded by the time-out. Undefined when it was
   * not sent, failed or timed out; never throws.
   */
  async call<T>(command: (client: this['client']) => Promise<T>): Promise<T | undefined> {
    if (this.state !== 'ok') return undefined;
    // Wrapped, so that a command that throws at once is a failure like any other.
    const outcome = await bounded(new Promise<T>((resolve) => resolve(command(this.client))), this.timeoutMs);
    if (outcome.ok) return outcome.value;
    this.markDown(outcome.reason);
    return undefined;
  }

  /** The state now: when it looks healthy, a bounded PING confirms it. */
  async health(): Promise<CacheHealth> {
    if (this.state === 'ok') await this.call((client) => client.ping());
    return this.state === 'ok' ? 'ok' : 'degraded';
  }

  async close(): Promise<void> {
    this.closed = true;
    this.client.destroy();
  }

  private markDown(reason: string): void {
    if (this.closed) return;
    if (this.state !== 'degraded') this.log.warn({ reason }, 'cache degraded: reads go to PostgreSQL until Redis answers');
    this.state = 'degraded';
    this.probe();
  }

  /**
   * One PING at a time until one answers. A PING sent to a server that hangs waits for it
   * (it is answered when the server resumes); while disconnected it fails at once.
   */
  private probe(): void {
    if (this.probing || this.closed) return;
    this.probing = true;
    void (async () => {
      while (!this.closed && this.state !== 'ok') {
        try {
          if (this.client.isReady) {
            await this.client.ping();
            this.state = 'ok';
            this.log.info('cache available');
            break;
          }
        } catch {
          // still down: try again after the interval
        }
        await delay(PROBE_INTERVAL_MS);
      }
      this.probing = false;
    })();
  }
}

type Outcome<T> = { ok: true; value: T } | { ok: false; reason: string };

/**
 * Settles with the work's result, or fails once ms have passed. The time-out yields to one
 * round of I/O before it counts: when this process's event loop was busy past the bound,
 * an answer already waiting in the socket still wins, so load on shop-api itself does not
 * read as a Redis outage.
 */
function bounded<T>(work: Promise<T>, ms: number): Promise<Outcome<T>> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => setImmediate(() => resolve({ ok: false, reason: `no answer within ${ms} ms` })), ms);
    work
      .then((value) => resolve({ ok: true, value }), (err: unknown) => resolve({ ok: false, reason: String(err) }))
      .finally(() => clearTimeout(timer));
  });
}
