import { etag, ifMatchVersion } from '../lib/etag.js';
import { notFound, stale } from '../lib/problem.js';
import { readProduct } from '../cache/read-product.js';
import { insertProduct, listProducts, updateProduct } from '../repositories/products.js';
import { CreateProductBody, ListProductsQuery, UpdateProductBody, XCacheHeader } from '../schemas/catalogue.js';
import { bearerSecurity, COMMON_PROBLEMS, ID, IdParams, IfMatchHeaders, problems } from '../schemas/common.js';
import type { RoutesPlugin } from '../schemas/provider.js';

const products: RoutesPlugin = async (app) => {
  app.get('/products', {
    schema: {
      tags: ['products'],
      summary: 'Browse the catalogue; total in X-Total-Count',
      querystring: ListProductsQuery,
      response: { 200: { type: 'array', items: { $ref: 'Product#' } }, ...problems(422, 503) },
    },
  }, async (request, reply) => {
    const { limit, offset, q, in_stock: inStock } = request.query;
    const { rows, total } = await listProducts(app.db, { limit, offset, q, inStock });
    return reply.header('x-total-count', String(total)).send(rows);
  });

  app.get(`/products/${ID}`, {
    schema: {
      tags: ['products'],
      summary: 'A product (read through the cache when shop-api has one)',
      params: IdParams,
      response: {
        200: { $ref: 'Product#', description: 'The product', headers: { 'x-cache': XCacheHeader } },
        ...problems(404, 422, 503),
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
      tags: ['products'],
      summary: 'Add a product (admin)',
      security: bearerSecurity,
      body: CreateProductBody,
      response: { 201: { $ref: 'Product#' }, ...problems(401, 403, 409, ...COMMON_PROBLEMS) },
    },
  }, async (request, reply) => {
    const product = await insertProduct(app.db, request.body);
    return reply.code(201).header('location', `/products/${product.id}`).header('etag', etag(product.version)).send(product);
  });

  app.patch(`/products/${ID}`, {
    onRequest: app.requireAdmin,
    schema: {
      tags: ['products'],
      summary: 'Change a product (admin); If-Match for optimistic concurrency',
      security: bearerSecurity,
      params: IdParams,
      headers: IfMatchHeaders,
      body: UpdateProductBody,
      response: { 200: { $ref: 'Product#' }, ...problems(401, 403, 404, 412, ...COMMON_PROBLEMS) },
    },
  }, async (request, reply) => {
    const result = await updateProduct(app.db, request.params.id, request.body, ifMatchVersion(request.headers['if-match']));
    if (result === undefined) throw notFound('product');
    if (result === 'stale') {
      throw stale('product');
    }
    await app.productCache?.invalidateProducts([result]);
    return reply.header('etag', etag(result.version)).send(result);
  });
};
export default products;
