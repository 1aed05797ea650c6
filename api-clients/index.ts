import { authClient } from './auth.js';
import { cartClient } from './cart.js';
import { connect, type ConnectOptions, type Connection } from './connect.js';
import type { ServiceContract } from './contract.js';
import { healthClient } from './health.js';
import type { Http } from './http.js';
import { ordersClient } from './orders.js';
import { productsClient } from './products.js';
import { usersClient } from './users.js';

export { connect, withConnection, CALL_TIMEOUT_MS, type Connection, type ConnectOptions } from './connect.js';
export { ContractError, SHOP_API_CONTRACT, type ServiceContract } from './contract.js';
export { Http } from './http.js';
export { PAYMENT_PROVIDER_CONTRACT, paymentProviderClient, type PaymentProviderClient, type ProviderRecords } from './payment-provider.js';
export { ApiResponse, ensureOk } from './response.js';

/** shop-api's clients over one HTTP layer; `as(token)` gives the same clients acting as someone. */
export function shopApi(http: Http) {
  return {
    http,
    auth: authClient(http),
    users: usersClient(http),
    health: healthClient(http),
    products: productsClient(http),
    cart: cartClient(http),
    orders: ordersClient(http),
    as: (token: string | undefined) => shopApi(http.withToken(token)),
    /** The same clients for calls by the thousand: no step or attachment each. */
    quiet: () => shopApi(http.quiet()),
  };
}
export type ShopApi = ReturnType<typeof shopApi>;

/** shop-api at baseURL as an anonymous caller, and how to let go of it. */
export async function connectShopApi(
  playwright: Parameters<typeof connect>[0],
  baseURL: string,
  contract?: ServiceContract,
  options?: ConnectOptions,
): Promise<{ api: ShopApi } & Pick<Connection, 'dispose'>> {
  const { http, dispose } = await connect(playwright, baseURL, contract, options);
  return { api: shopApi(http), dispose };
}
