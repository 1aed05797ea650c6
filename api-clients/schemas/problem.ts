import { z } from 'zod';

/** RFC 9457 problem details, as every shop-api error must look. */
export const Problem = z.object({
  type: z.string().min(1),
  title: z.string().min(1),
  status: z.int().min(400).max(599),
  detail: z.string().min(1),
  instance: z.string().optional(),
  /** The request's id in shop-api's log (also its X-Request-Id). */
  request_id: z.uuid(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type Problem = z.infer<typeof Problem>;
