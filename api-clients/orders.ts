import { z } from 'zod';
import type { Http } from './http.js';
import { Order, type CheckoutRequest } from './schemas/orders.js';

export function ordersClient(http: Http) {
  return {
    checkout: (request: CheckoutRequest, options: { idempotencyKey?: string } = {}) =>
      http.send('POST', '/orders/checkout', {
        json: request,
        headers: options.idempotencyKey === undefined ? {} : { 'idempotency-key': options.idempotencyKey },
        schema: Order,
      }),
    list: (query: { limit?: number; offset?: number } = {}) => http.send('GET', '/orders', { query: { ...query }, schema: z.array(Order) }),
    get: (id: number) => http.send('GET', `/orders/${id}`, { schema: Order }),
    cancel: (id: number) => http.send('POST', `/orders/${id}/cancel`, { schema: Order }),
  };
}
