import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { unavailable } from './lib/problem.js';
import auth from './plugins/app/auth.js';
import contentType from './plugins/app/content-type.js';
import cache from './plugins/external/cache.js';
import database from './plugins/external/database.js';
import openapi from './plugins/external/openapi.js';
import passwords from './plugins/app/passwords.js';
import payments from './plugins/app/payments.js';
import problems from './plugins/app/problems.js';
import textHygiene from './plugins/app/text-hygiene.js';
import { installValidators, lazySerializers } from './plugins/app/validation.js';
import authRoutes from './routes/auth.js';
import cartRoutes from './routes/cart.js';
import healthRoutes from './routes/health.js';
import orderRoutes from './routes/orders.js';
import productRoutes from './routes/products.js';
import userRoutes from './routes/users.js';
import { SHARED_SCHEMAS, type TypeProvider } from './schemas/provider.js';
import type { Settings } from './settings.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** True once migrations and seeding are done; until then only health routes answer. */
    started: boolean;
  }
}

const ALWAYS_OPEN = new Set(['/health', '/ready', '/openapi.json']);

export async function buildApp(settings: Settings, logger: FastifyServerOptions['logger'] = false) {
  const app = Fastify({
    logger,
    bodyLimit: 64 * 1024,
    exposeHeadRoutes: false,
    return503OnClosing: true,
    routerOptions: { maxParamLength: 200 },
    schemaController: lazySerializers,
    // Each request's id: on every log line of it (reqId), in X-Request-Id and in its problem body.
    genReqId: () => randomUUID(),
  }).withTypeProvider<TypeProvider>();

  app.decorate('started', false);
  installValidators(app);
  for (const schema of SHARED_SCHEMAS) app.addSchema(schema);

  await app.register(problems);
  await app.register(openapi);
  await app.register(contentType);
  await app.register(textHygiene);
  await app.register(database, { settings });
  await app.register(cache, { settings });
  await app.register(passwords, { settings });
  await app.register(auth, { settings });
  await app.register(payments, { settings });

  // Clients must take our content types as given (no MIME sniffing).
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-request-id', request.id);
  });

  app.addHook('onRequest', async (request) => {
    if (!app.started && !ALWAYS_OPEN.has(request.url.split('?')[0]!)) {
      throw unavailable('shop-api is starting up; try again shortly');
    }
  });

  await app.register(healthRoutes);
  await app.register(authRoutes, { settings });
  await app.register(userRoutes);
  await app.register(productRoutes);
  await app.register(cartRoutes);
  await app.register(orderRoutes);
  return app;
}
