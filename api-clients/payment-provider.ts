import { z } from 'zod';
import { Http } from './http.js';
import { ChargeAttempt, ProviderRefund } from './schemas/payment-provider.js';
import type { APIRequestContext } from '@playwright/test';

function providerRecords(http: Http) {
  return {
    /** Every attempt the provider received for the order (or for all orders). */
    attempts: (orderId?: number) =>
      http.send('GET', '/v1/charges', { query: { order_id: orderId }, schema: z.array(ChargeAttempt) }),
    refunds: (orderId?: number) => http.send('GET', '/v1/refunds', { query: { order_id: orderId }, schema: z.array(ProviderRefund) }),
  };
}

/** The fake provider's records: what it was asked and what it did, for asserting on. */
export function paymentProviderClient(request: APIRequestContext) {
  const http = new Http(request, { label: 'payment-provider' });
  /** quiet(): the same records, read without a step or attachment each (runs nobody reads, e.g. shrinking). */
  return { ...providerRecords(http), quiet: () => providerRecords(http.quiet()) };
}
export type PaymentProviderClient = ReturnType<typeof paymentProviderClient>;
export type ProviderRecords = ReturnType<typeof providerRecords>;
