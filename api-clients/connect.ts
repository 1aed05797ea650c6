import { test, type APIRequestContext, type PlaywrightWorkerArgs } from '@playwright/test';
import { SHOP_API_CONTRACT, type ServiceContract } from './contract.js';
import { CALL_TIMEOUT_MS, Http } from './http.js';

export { CALL_TIMEOUT_MS } from './http.js';

export interface Connection {
  http: Http;
  dispose: () => Promise<void>;
}

export interface ConnectOptions {
  /**
   * Record the connection's calls in a trace, attached to the test as Playwright attaches
   * its own when the connection is let go of (the journeys: test.use({ traceCalls: true })).
   * Unless Playwright already traces it (--trace on): then its trace has the calls.
   */
  trace?: boolean;
}

/**
 * A request context for a service at baseURL, and the HTTP layer over it. Made from the
 * test's own `playwright`, so its calls land in that test's trace.
 */
export async function connect(playwright: PlaywrightWorkerArgs['playwright'], baseURL: string, contract: ServiceContract = SHOP_API_CONTRACT, options: ConnectOptions = {}): Promise<Connection> {
  const request: APIRequestContext = await playwright.request.newContext({ baseURL, timeout: CALL_TIMEOUT_MS });
  const traced = options.trace ? await startTrace(request, contract.label ?? 'shop-api') : undefined;
  return {
    http: new Http({ request, baseURL, traced: traced !== undefined }, contract),
    dispose: async () => {
      await traced?.();
      await request.dispose();
    },
  };
}

let traces = 0;

/** Starts the context's own trace; returns what stops it and attaches it (undefined when Playwright traces it already). */
async function startTrace(request: APIRequestContext, name: string): Promise<(() => Promise<void>) | undefined> {
  const info = test.info();
  try {
    await request.tracing.start({ title: info.titlePath.slice(1).join(' › '), sources: true });
  } catch {
    return undefined; // already started: Playwright's own tracing (--trace on) records this context
  }
  return async () => {
    const file = info.outputPath(`trace-${name}-${(traces += 1)}.zip`);
    await request.tracing.stop({ path: file });
    await info.attach('trace', { path: file, contentType: 'application/zip' });
  };
}

/** Runs `work` with a connection, and disposes of it afterwards whatever happens. */
export async function withConnection<T>(
  playwright: PlaywrightWorkerArgs['playwright'],
  baseURL: string,
  work: (http: Http) => Promise<T>,
  contract?: ServiceContract,
): Promise<T> {
  const connection = await connect(playwright, baseURL, contract);
  try {
    return await work(connection.http);
  } finally {
    await connection.dispose();
  }
}
