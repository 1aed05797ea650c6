// @ts-nocheck
import { setTimeout as delay } from 'node:timers/promises';

/**
 * Polls until probe() returns true, or throws after timeoutMs with the last thing seen,
 * so a failed start says what state it was stuck in.
 */
export async function pollUntil(
  what: string,
  probe: () => Promise<{ done: boolean; seen: string }>,
  { timeoutMs, intervalMs = 25, abort }: { timeoutMs: number; intervalMs?: number; abort?: () => string | undefined },
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let seen = 'nothing yet';
  for (;;) {
    const aborted = abort?.();
    if (aborted) throw new Error(`${what}: ${aborted}`);
    try {
      const result = await probe();
      if (result.done) return;
      seen = result.seen;
    } catch (err) {
      seen = (err as Error).message;
    }
    if (Date.now() > deadline) throw new Error(`${what}: not ready after ${timeoutMs} ms; last seen: ${seen}`);
    await delay(intervalMs);
  }
}

/** Waits for GET url to answer 200. */
export function waitForHttpOk(url: string, options: { timeoutMs: number; intervalMs?: number; abort?: () => string | undefined }): Promise<void> {
  return pollUntil(`GET ${url}`, async () => {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return { done: res.status === 200, seen: `${res.status} ${(await res.text()).slice(0, 200)}` };
  }, options);
}
