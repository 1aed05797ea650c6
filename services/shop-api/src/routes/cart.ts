import { principal } from '../plugins/app/auth.js';
import { addToCart, cartLines, cartView, removeFromCart, setCartQuantity } from '../repositories/cart.js';
import { AddCartItemBody, UpdateCartItemBody } from '../schemas/catalogue.js';
import { bearerSecurity, COMMON_PROBLEMS, ID, IdParams, problems } from '../schemas/common.js';
import type { RoutesPlugin } from '../schemas/provider.js';

// One cart per user; every route acts on the caller's cart, and another user's item is 404.
const cart: RoutesPlugin = async (app) => {
  app.addHook('onRequest', app.authenticate);

  app.get('/cart', {
    schema: { tags: ['cart'], summary: "The caller's cart", security: bearerSecurity, response: { 200: { $ref: 'Cart#' }, ...problems(401, 503) } },
  }, async (request) => cartView(await cartLines(app.db, principal(request).userId)));

  app.post('/cart/items', {
    schema: {
      tags: ['cart'],
      summary: 'Add a product; the same product again adds to its line (1..99 per line)',
      security: bearerSecurity,
      body: AddCartItemBody,
      response: { 201: { $ref: 'CartItem#' }, ...problems(401, 404, 409, ...COMMON_PROBLEMS) },
    },
  }, async (request, reply) => {
    const line = await addToCart(app.db, principal(request).userId, request.body.product_id, request.body.quantity);
    return reply.code(201).send(line);
  });

  app.patch(`/cart/items/${ID}`, {
    schema: {
      tags: ['cart'],
      summary: 'Set the quantity of a line',
      security: bearerSecurity,
      params: IdParams,
      body: UpdateCartItemBody,
      response: { 200: { $ref: 'CartItem#' }, ...problems(401, 404, ...COMMON_PROBLEMS) },
    },
  }, async (request) => setCartQuantity(app.db, principal(request).userId, request.params.id, request.body.quantity));

  app.delete(`/cart/items/${ID}`, {
    schema: {
      tags: ['cart'],
      summary: 'Remove a line',
      security: bearerSecurity,
      params: IdParams,
      response: { 204: { type: 'null', description: 'Removed' }, ...problems(401, 404, 422, 503) },
    },
  }, async (request, reply) => {
    await removeFromCart(app.db, principal(request).userId, request.params.id);
    return reply.code(204).send(null);
  });
};
export default cart;
