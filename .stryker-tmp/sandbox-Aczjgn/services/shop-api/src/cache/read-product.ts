// @ts-nocheck
import type pg from 'pg';
import { findProduct, findProductVersion, type ProductRow } from '../repositories/products.js';
import type { ProductCache } from './products.js';

/** Where a product read came from, as the X-Cache header says. */
export type CacheOutcome = 'hit' | 'miss' | 'bypass';

/**
 * GET /products/{id} through the cache. A cached copy is served only when its version is
 * the one PostgreSQL holds now (a one-column primary-key read), so no copy left behind by
 * a write whose invalidation never reached Redis, or put back by a read racing a write,
 * can be served. Anything else reads the row and stores it for the next reader.
 */
export async function readProduct(db: pg.Pool, cache: ProductCache | undefined, id: number): Promise<{ product: ProductRow | undefined; outcome?: CacheOutcome }> {
  if (!cache) return { product: await findProduct(db, id) };
  const cached = await cache.lookup(id);
  if (typeof cached === 'object') {
    const version = await findProductVersion(db, id);
    if (version === undefined) return { product: undefined };
    if (version === cached.version) return { product: JSON.parse(cached.body) as ProductRow, outcome: 'hit' };
  }
  const product = await findProduct(db, id);
  if (!product || cached === 'bypass') return { product, outcome: 'bypass' };
  await cache.fill(product);
  return { product, outcome: 'miss' };
}
