// @ts-nocheck
import { z } from 'zod';

export const Health = z.strictObject({ status: z.literal('ok') });
// cache: only from a shop-api that has one; 'degraded' while Redis does not answer (still ready).
export const Ready = z.strictObject({ status: z.literal('ready'), cache: z.enum(['ok', 'degraded']).optional() });

/** Just enough of an OpenAPI document to walk its routes. */
export const OpenApi = z.object({
  openapi: z.string().startsWith('3.'),
  info: z.object({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.record(z.string(), z.unknown())),
});
export type OpenApi = z.infer<typeof OpenApi>;
