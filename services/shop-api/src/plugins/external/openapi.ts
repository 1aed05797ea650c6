import swagger from '@fastify/swagger';
import fp from 'fastify-plugin';
import { publicSecurity } from '../../schemas/common.js';
import { json, problems, READ_PROBLEMS } from '../../schemas/responses.js';

type Document = { paths: Record<string, Record<string, { tags?: string[]; responses?: Record<string, { $ref?: string; headers?: Record<string, { schema: { required?: unknown }; required?: boolean }> }> }>> };

/**
 * @fastify/swagger puts everything of a response header into its schema; a header's
 * `required` (always sent) belongs on the header itself. A boolean `required` is never
 * valid JSON Schema, so moving it cannot take anything else.
 */
function liftRequiredHeaders(document: Document): Document {
  for (const operation of operationsOf(document)) {
    for (const header of Object.values(operation.responses ?? {}).flatMap((response) => Object.values(response.headers ?? {}))) {
      if (typeof header.schema.required === 'boolean') {
        header.required = header.schema.required;
        delete header.schema.required;
      }
    }
  }
  return document;
}

const operationsOf = (document: Document) => Object.values(document.paths).flatMap((item) => Object.values(item));

/**
 * Every operation refers to the path's own answers (405, 308): they happen on its path,
 * whatever its logic. Every operation that reaches a dependency through its logic (it
 * documents 503) can also meet one that refuses a statement (500); the health checks
 * answer for themselves.
 */
function addSharedResponses(document: Document): Document {
  for (const operation of operationsOf(document)) {
    const internal: Record<string, { $ref: string }> = operation.responses?.['503'] && !operation.tags?.includes('health') ? { 500: { $ref: '#/components/responses/InternalError' } } : {};
    operation.responses = { ...operation.responses, ...internal, ...PATH_RESPONSES };
  }
  return document;
}

const problemJson = (schema: string) => ({ 'application/problem+json': { schema: { $ref: `#/components/schemas/${schema}` } } });

const DESCRIPTION = `Users, tokens, catalogue, cart, orders and payment.

Errors are RFC 9457 problem details (\`application/problem+json\`); a 422 lists each wrong field in \`errors\`.

Two answers belong to a path rather than to one operation's logic, so they are described once, under \`components/responses\`, and every operation refers to them:
- **MethodNotAllowed** (405): the operation's path called with a method the path does not offer, with \`Allow\` listing those it does.
- **TrailingSlashRedirect** (308): the operation's path written with a trailing slash (\`POST /users/\`) is redirected to the path without it; 308 keeps the method and the body.

One more is shared by every operation that reaches a dependency: **InternalError** (500), something unexpected; it says nothing of its cause.

Every response carries \`X-Request-Id\`, and every problem its \`request_id\`: the id on each of the request's lines in shop-api's log.`;

/** The answers every operation shares because of its path (see DESCRIPTION). */
const PATH_RESPONSES = {
  308: { $ref: '#/components/responses/TrailingSlashRedirect' },
  405: { $ref: '#/components/responses/MethodNotAllowed' },
};

// The OpenAPI document is generated from the route schemas, so no route can be left out of it.
export default fp(async (app) => {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'shop-api',
        version: '1.0.0',
        description: DESCRIPTION,
        // No open-source licence has been chosen; the service is not licensed for use outside its project.
        license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
      },
      // Relative: the service that serves this document (whatever its host) is the one it describes.
      servers: [{ url: '/', description: 'The service that served this document' }],
      tags: [
        { name: 'health', description: 'Liveness and readiness, for orchestrators and load balancers' },
        { name: 'meta', description: 'This document' },
        { name: 'auth', description: 'Registration, and bearer tokens (OAuth2 password grant) with logout' },
        { name: 'users', description: 'Accounts: a public view for anyone, a private view for the owner and admins' },
        { name: 'products', description: 'The catalogue: anyone browses, admins add, change and archive' },
        { name: 'cart', description: "The caller's one cart, priced at today's prices" },
        { name: 'orders', description: 'Checkout, order history and cancellation; payment follows asynchronously' },
      ],
      components: {
        securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
        responses: {
          MethodNotAllowed: {
            description: 'The path exists, but not with this method (TRACE, HEAD and OPTIONS included)',
            headers: { Allow: { required: true, description: 'The methods this path offers', schema: { type: 'string' } } },
            content: problemJson('Problem'),
          },
          InternalError: {
            description: 'Something unexpected failed (a dependency refused a statement, say); the body says nothing of its cause, and its request_id finds it in the log',
            content: problemJson('Problem'),
          },
          TrailingSlashRedirect: {
            description: 'The path was written with a trailing slash; send the request again, unchanged, to Location',
            headers: { Location: { required: true, description: 'The same path without the trailing slash, and the same query', schema: { type: 'string' } } },
          },
        },
      },
    },
    // Components are named by their $id (Problem, PrivateUser, ...), not def-0, def-1.
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
    transformObject: (document) => ('openapiObject' in document ? addSharedResponses(liftRequiredHeaders(document.openapiObject as Document)) : document.swaggerObject),
  });
  app.after(() => {
    app.get('/openapi.json', {
      schema: {
        operationId: 'getOpenApi',
        tags: ['meta'],
        summary: 'This document',
        security: publicSecurity,
        response: { 200: json({ type: 'object', additionalProperties: true }, 'OpenAPI 3.1'), ...problems(...READ_PROBLEMS) },
      },
    }, async () => app.swagger());
  });
}, { name: 'openapi' });
