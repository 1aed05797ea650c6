import { z } from 'zod';

// The fake payment provider's own records API (not shop-api's contract).

export const ChargeAttempt = z.object({
  id: z.string(),
  idempotency_key: z.string(),
  order_id: z.int(),
  amount_cents: z.int(),
  currency: z.string(),
  token: z.string(),
  received_at: z.iso.datetime(),
  outcome: z.enum(['in_progress', 'succeeded', 'declined', 'processing_error', 'busy', 'abandoned', 'rejected', 'garbage']),
  status_code: z.int().nullable(),
  charge_id: z.string().nullable(),
  replayed: z.boolean(),
});
export type ChargeAttempt = z.infer<typeof ChargeAttempt>;

export const ProviderRefund = z.object({
  id: z.string(),
  charge_id: z.string(),
  order_id: z.int(),
  amount_cents: z.int(),
  currency: z.string(),
  status: z.literal('succeeded'),
  created_at: z.iso.datetime(),
});
export type ProviderRefund = z.infer<typeof ProviderRefund>;

export const RefundAttempt = z.object({
  id: z.string(),
  charge_id: z.string(),
  order_id: z.int().nullable(),
  received_at: z.iso.datetime(),
  status_code: z.int(),
  outcome: z.enum(['refunded', 'replayed', 'refused', 'unavailable', 'unknown_charge']),
});
export type RefundAttempt = z.infer<typeof RefundAttempt>;

export const HoldRelease = z.object({ order_id: z.int(), released: z.int().nonnegative() });
