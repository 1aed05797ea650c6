// @ts-nocheck
// Answers a test holds back: a charge for a held order is answered only once the test
// releases that order, so "the provider is still thinking" lasts exactly as long as the
// test needs it to, whatever the speed of the machine.

export class Holds {
  private readonly releasedOrders = new Set<number>();
  private readonly waiting = new Map<number, Set<() => void>>();

  /** Resolves when the order is released (at once if it already was); rejects when the signal aborts. */
  released(orderId: number, signal: AbortSignal): Promise<void> {
    if (this.releasedOrders.has(orderId)) return Promise.resolve();
    if (signal.aborted) return Promise.reject(new Error('the client hung up'));
    return new Promise((resolve, reject) => {
      const waiters = this.waiting.get(orderId) ?? new Set();
      this.waiting.set(orderId, waiters);
      const wake = () => {
        signal.removeEventListener('abort', abandon);
        resolve();
      };
      const abandon = () => {
        waiters.delete(wake);
        reject(new Error('the client hung up'));
      };
      waiters.add(wake);
      signal.addEventListener('abort', abandon, { once: true });
    });
  }

  /** Releases the order's held answers, now and for later attempts; returns how many were waiting. */
  release(orderId: number): number {
    this.releasedOrders.add(orderId);
    const waiters = [...(this.waiting.get(orderId) ?? [])];
    this.waiting.delete(orderId);
    for (const wake of waiters) wake();
    return waiters.length;
  }
}
