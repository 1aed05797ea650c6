import { etag, ifMatchVersion } from '../lib/etag.js';
import { notFound, stale } from '../lib/problem.js';
import { readProduct } from '../cache/read-product.js';
import { archiveProduct, insertProduct, listProducts, updateProduct } from '../repositories/products.js';
import { CreateProductBody, ListProductsQuery, UpdateProductBody } from '../schemas/catalogue.js';
import { bearerSecurity, ID, IdParams, IfMatchHeaders, publicSecurity } from '../schemas/common.js';
import type { RoutesPlugin } from '../schemas/provider.js';
import { BODY_PROBLEMS, json, noContent, problem, problems, READ_PROBLEMS } from '../schemas/responses.js';

// The catalogue: anyone browses, admins write. An archived (DELETEd) product is gone from
// every route here; only order history still names it.
const products: RoutesPlugin = async (app) => {
  app.get('/products', {
    schema: {
      operationId: 'listProducts',
      tags: ['products'],
      summary: 'Browse the catalogue; total in X-Total-Count',
      security: publicSecurity,
      querystring: ListProductsQuery,
      response: {
        200: json({ type: 'array', items: { $ref: 'Product#' } }, 'One page of products, by id', { always: ['X-Total-Count'] }),
        ...problems(...READ_PROBLEMS, 503),
      },
    },
  }, async (request, reply) => {
    const { limit, offset, q, in_stock: inStock } = request.query;
    const { rows, total } = await listProducts(app.db, { limit, offset, q, inStock });
    return reply.header('x-total-count', String(total)).send(rows);
  });

  app.get(`/products/${ID}`, {
    schema: {
      operationId: 'getProduct',
      tags: ['products'],
      summary: 'A product (read through the cache when shop-api has one)',
      security: publicSecurity,
      params: IdParams,
      response: {
        200: json({ $ref: 'Product#' }, 'The product', { always: ['ETag'], sometimes: ['X-Cache'] }),
        404: problem(404, {}, 'No such product in the catalogue (unknown, or archived)'),
        ...problems(...READ_PROBLEMS, 503),
      },
    },
  }, async (request, reply) => {
    const { product, outcome } = await readProduct(app.db, app.productCache, request.params.id);
    if (!product) throw notFound('product');
    if (outcome) reply.header('x-cache', outcome);
    return reply.header('etag', etag(product.version)).send(product);
  });

  app.post('/products', {
    onRequest: app.requireAdmin,
    schema: {
      operationId: 'createProduct',
      tags: ['products'],
      summary: 'Add a product (admin)',
      security: bearerSecurity,
      body: CreateProductBody,
      response: {
        201: json({ $ref: 'Product#' }, 'Created', { always: ['Location', 'ETag'] }),
        409: problem(409, {}, 'The sku is taken, also by an archived product (skus are never reused)'),
        ...problems(401, 403, ...BODY_PROBLEMS, 503),
      },
    },
  }, async (request, reply) => {
    const product = await insertProduct(app.db, request.body);
    return reply.code(201).header('location', `/products/${product.id}`).header('etag', etag(product.version)).send(product);
  });

  app.patch(`/products/${ID}`, {
    onRequest: app.requireAdmin,
    schema: {
      operationId: 'updateProduct',
      tags: ['products'],
      summary: 'Change a product (admin); If-Match for optimistic concurrency',
      // Stryker disable StringLiteral: equivalent, the document's prose (its facts are tests: views-after-writes.spec.ts)
      description: 'What each view shows right after: the product, every list and search, and a cached copy (dropped at once) show the change; '
        + "carts show its new name and price (a cart is priced at today's prices); orders keep the name and price they were bought at. "
        + 'A stock of 0 takes it out of in_stock=true lists only.',
      // Stryker restore StringLiteral
      security: bearerSecurity,
      params: IdParams,
      headers: IfMatchHeaders,
      body: UpdateProductBody,
      response: {
        200: json({ $ref: 'Product#' }, 'Updated', { always: ['ETag'] }),
        404: problem(404, {}, 'No such product in the catalogue (unknown, or archived)'),
        ...problems(401, 403, 412, ...BODY_PROBLEMS, 503),
      },
    },
  }, async (request, reply) => {
    const result = await updateProduct(app.db, request.params.id, request.body, ifMatchVersion(request.headers['if-match']));
    if (result === undefined) throw notFound('product');
    if (result === 'stale') throw stale('product');
    await app.productCache?.invalidateProducts([result]);
    return reply.header('etag', etag(result.version)).send(result);
  });

  app.delete(`/products/${ID}`, {
    onRequest: app.requireAdmin,
    schema: {
      operationId: 'archiveProduct',
      tags: ['products'],
      summary: 'Archive a product (admin): it leaves the catalogue, search and reads (404), and can no longer be bought; '
        + 'orders keep its name and price; its sku stays taken. If-Match for optimistic concurrency',
      // Stryker disable StringLiteral: equivalent, the document's prose (its facts are tests: views-after-writes.spec.ts)
      description: 'What each view shows right after: GET /products/{id} 404 (a cached copy is dropped at once); gone from every list and search; '
        + "a cart line of it stays, at its last price, until its owner removes it, and a checkout with it is refused (409); orders keep it as bought.",
      // Stryker restore StringLiteral
      security: bearerSecurity,
      params: IdParams,
      headers: IfMatchHeaders,
      response: {
        204: noContent('Archived'),
        404: problem(404, {}, 'No such product in the catalogue (unknown, or already archived)'),
        ...problems(401, 403, 412, ...BODY_PROBLEMS, 503),
      },
    },
  }, async (request, reply) => {
    const result = await archiveProduct(app.db, request.params.id, ifMatchVersion(request.headers['if-match']));
    if (result === undefined) throw notFound('product');
    if (result === 'stale') throw stale('product');
    await app.productCache?.invalidateProducts([result]);
    return reply.code(204).send(null);
  });
};
export default products;
