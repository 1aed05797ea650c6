// @ts-nocheck
import { z } from 'zod';
import type { Http } from './http.js';
import { ifMatch } from './if-match.js';
import { Product, type NewProduct, type ProductChanges, type ProductQuery } from './schemas/catalogue.js';
import type { Sendable } from './schemas/fields.js';

export function productsClient(http: Http) {
  return {
    list: (query: ProductQuery = {}) => http.send('GET', '/products', { query: { ...query }, schema: z.array(Product) }),
    get: (id: number) => http.send('GET', `/products/${id}`, { schema: Product }),
    create: (product: Sendable<NewProduct>) => http.send('POST', '/products', { json: product, schema: Product }),
    update: (id: number, changes: Sendable<ProductChanges>, version?: number | string) =>
      http.send('PATCH', `/products/${id}`, { json: changes, headers: ifMatch(version), schema: Product }),
    /** DELETE: archives the product (admin); 204. */
    remove: (id: number, version?: number | string) => http.send('DELETE', `/products/${id}`, { headers: ifMatch(version) }),
  };
}
