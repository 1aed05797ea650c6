// @ts-nocheck
import type { Http } from './http.js';
import { Cart, CartItem } from './schemas/catalogue.js';

export function cartClient(http: Http) {
  return {
    get: () => http.send('GET', '/cart', { schema: Cart }),
    add: (productId: number, quantity: number) =>
      http.send('POST', '/cart/items', { json: { product_id: productId, quantity }, schema: CartItem }),
    setQuantity: (itemId: number, quantity: number) =>
      http.send('PATCH', `/cart/items/${itemId}`, { json: { quantity }, schema: CartItem }),
    remove: (itemId: number) => http.send('DELETE', `/cart/items/${itemId}`),
  };
}
