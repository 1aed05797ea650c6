import swagger from '@fastify/swagger';
import fp from 'fastify-plugin';

// The OpenAPI document is generated from the route schemas, so no route can be left out of it.
export default fp(async (app) => {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'shop-api',
        version: '1.0.0',
        description: 'Users, tokens, catalogue, cart, orders and payment. Errors are RFC 9457 problem details.',
      },
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    },
    // Components are named by their $id (Problem, PrivateUser, ...), not def-0, def-1.
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  app.after(() => {
    app.get('/openapi.json', {
      schema: { tags: ['meta'], summary: 'This document', response: { 200: { type: 'object', additionalProperties: true } } },
    }, async () => app.swagger());
  });
}, { name: 'openapi' });
