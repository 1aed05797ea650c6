import { z } from 'zod';
import type { ServiceContract } from './contract.js';
import type { Http } from './http.js';
import { ChargeAttempt, HoldRelease, ProviderRefund, RefundAttempt } from './schemas/payment-provider.js';

/** The fake provider is somebody else's API: its errors are its own, not problem details. */
export const PAYMENT_PROVIDER_CONTRACT: ServiceContract = { label: 'payment-provider' };

function providerRecords(http: Http) {
  return {
    /** Every attempt the provider received for the order (or for all orders). */
    attempts: (orderId?: number) =>
      http.send('GET', '/v1/charges', { query: { order_id: orderId }, schema: z.array(ChargeAttempt) }),
    refunds: (orderId?: number) => http.send('GET', '/v1/refunds', { query: { order_id: orderId }, schema: z.array(ProviderRefund) }),
    /** Every refund request the provider received for the order, whatever it answered. */
    refundAttempts: (orderId?: number) => http.send('GET', '/v1/refunds/attempts', { query: { order_id: orderId }, schema: z.array(RefundAttempt) }),
  };
}

/** The fake provider's records (what it was asked and what it did), and its test controls. */
export function paymentProviderClient(http: Http) {
  return {
    ...providerRecords(http),
    /** Lets the answers held for the order (tok_held, tok_chargeThenHeld) go out, now and later. */
    release: (orderId: number) => http.send('POST', '/v1/holds/release', { json: { order_id: orderId }, schema: HoldRelease }),
    /** The same records, read without a step or attachment each (runs nobody reads, e.g. shrinking). */
    quiet: () => providerRecords(http.quiet()),
  };
}
export type PaymentProviderClient = ReturnType<typeof paymentProviderClient>;
export type ProviderRecords = ReturnType<typeof providerRecords>;
