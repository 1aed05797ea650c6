import type { APIRequestContext } from '@playwright/test';
import { authClient } from './auth.js';
import { cartClient } from './cart.js';
import { healthClient } from './health.js';
import { Http } from './http.js';
import { ordersClient } from './orders.js';
import { productsClient } from './products.js';
import { usersClient } from './users.js';

export { ApiResponse, ContractError, ensureOk, Http } from './http.js';
export { paymentProviderClient, type PaymentProviderClient, type ProviderRecords } from './payment-provider.js';

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

export function createShopApi(request: APIRequestContext): ShopApi {
  return shopApi(new Http(request));
}
