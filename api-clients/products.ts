import { z } from 'zod';
import type { Http } from './http.js';
import { ifMatch } from './if-match.js';
import { Product, type NewProduct, type ProductChanges, type ProductQuery } from './schemas/catalogue.js';

export function productsClient(http: Http) {
  return {
    list: (query: ProductQuery = {}) => http.send('GET', '/products', { query: { ...query }, schema: z.array(Product) }),
    get: (id: number) => http.send('GET', `/products/${id}`, { schema: Product }),
    create: (product: NewProduct | Record<string, unknown>) => http.send('POST', '/products', { json: product, schema: Product }),
    update: (id: number, changes: ProductChanges, version?: number | string) =>
      http.send('PATCH', `/products/${id}`, { json: changes, headers: ifMatch(version), schema: Product }),
    /** DELETE: archives the product (admin); 204. */
    remove: (id: number, version?: number | string) => http.send('DELETE', `/products/${id}`, { headers: ifMatch(version) }),
  };
}
