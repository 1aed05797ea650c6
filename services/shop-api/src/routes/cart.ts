import { principal } from '../plugins/app/auth.js';
import { addToCart, cartLines, cartView, removeFromCart, setCartQuantity } from '../repositories/cart.js';
import { AddCartItemBody, UpdateCartItemBody } from '../schemas/catalogue.js';
import { bearerSecurity, ID, IdParams } from '../schemas/common.js';
import type { RoutesPlugin } from '../schemas/provider.js';
import { BODY_PROBLEMS, json, noContent, problem, problems, READ_PROBLEMS } from '../schemas/responses.js';

// One cart per user; every route acts on the caller's cart, and another user's item is 404.
const cart: RoutesPlugin = async (app) => {
  app.addHook('onRequest', app.authenticate);

  app.get('/cart', {
    schema: {
      operationId: 'getCart',
      tags: ['cart'],
      summary: "The caller's cart, priced at today's prices",
      // Stryker disable StringLiteral: equivalent, the document's prose (its facts are tests: views-after-writes.spec.ts, the generated journeys at once)
      description: "Each line shows its product's current name and price. A line of an archived product stays until removed; checkout refuses it (409). "
        + 'A checkout takes out the lines it ordered; a line added while it ran stays in the cart.',
      // Stryker restore StringLiteral
      security: bearerSecurity,
      response: { 200: json({ $ref: 'Cart#' }, 'The cart (empty at first)'), ...problems(401, ...READ_PROBLEMS, 503) },
    },
  }, async (request) => cartView(await cartLines(app.db, principal(request).userId)));

  app.post('/cart/items', {
    schema: {
      operationId: 'addCartItem',
      tags: ['cart'],
      summary: 'Add a product; the same product again adds to its line (1..99 per line)',
      security: bearerSecurity,
      body: AddCartItemBody,
      response: {
        201: json({ $ref: 'CartItem#' }, 'The line, new or merged'),
        404: problem(404, {}, 'No such product in the catalogue (unknown, or archived)'),
        409: problem(409, {}, 'The product is priced in another currency than the cart'),
        ...problems(401, ...BODY_PROBLEMS, 503),
      },
    },
  }, async (request, reply) => {
    const line = await addToCart(app.db, principal(request).userId, request.body.product_id, request.body.quantity);
    return reply.code(201).send(line);
  });

  app.patch(`/cart/items/${ID}`, {
    schema: {
      operationId: 'updateCartItem',
      tags: ['cart'],
      summary: 'Set the quantity of a line',
      security: bearerSecurity,
      params: IdParams,
      body: UpdateCartItemBody,
      response: { 200: json({ $ref: 'CartItem#' }, 'The line'), ...problems(401, 404, ...BODY_PROBLEMS, 503) },
    },
  }, async (request) => setCartQuantity(app.db, principal(request).userId, request.params.id, request.body.quantity));

  app.delete(`/cart/items/${ID}`, {
    schema: {
      operationId: 'removeCartItem',
      tags: ['cart'],
      summary: 'Remove a line',
      security: bearerSecurity,
      params: IdParams,
      response: { 204: noContent('Removed'), ...problems(401, 404, ...BODY_PROBLEMS, 503) },
    },
  }, async (request, reply) => {
    await removeFromCart(app.db, principal(request).userId, request.params.id);
    return reply.code(204).send(null);
  });
};
export default cart;
