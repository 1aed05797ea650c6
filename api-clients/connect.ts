import type { APIRequestContext, PlaywrightWorkerArgs } from '@playwright/test';
import { SHOP_API_CONTRACT, type ServiceContract } from './contract.js';
import { CALL_TIMEOUT_MS, Http } from './http.js';

export { CALL_TIMEOUT_MS } from './http.js';

export interface Connection {
  http: Http;
  dispose: () => Promise<void>;
}

/**
 * A request context for a service at baseURL, and the HTTP layer over it. Made from the
 * test's own `playwright`, so its calls land in that test's trace.
 */
export async function connect(playwright: PlaywrightWorkerArgs['playwright'], baseURL: string, contract: ServiceContract = SHOP_API_CONTRACT): Promise<Connection> {
  const request: APIRequestContext = await playwright.request.newContext({ baseURL, timeout: CALL_TIMEOUT_MS });
  return { http: new Http({ request, baseURL }, contract), dispose: () => request.dispose() };
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
