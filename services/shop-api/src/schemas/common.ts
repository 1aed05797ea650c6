import type { JSONSchema } from 'json-schema-to-ts';

// Shapes shared by every route: errors, ids, pagination. Plain JSON Schema: validated
// by ajv, serialised by fast-json-stringify, published by @fastify/swagger, and typed
// for handlers by json-schema-to-ts.

export const FieldError = {
  type: 'object',
  properties: { path: { type: 'string' }, message: { type: 'string' } },
  required: ['path', 'message'],
} as const satisfies JSONSchema;

export const Problem = {
  $id: 'Problem',
  description: 'RFC 9457 problem details (application/problem+json)',
  type: 'object',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    request_id: { type: 'string', description: "This request's id, as shop-api's log has it (also in X-Request-Id): quote it when reporting a problem" },
    errors: { type: 'array', items: FieldError },
  },
  required: ['type', 'title', 'status', 'detail', 'request_id'],
} as const satisfies JSONSchema;

/** A 422: the same problem, and `errors` always names what was wrong. */
export const ValidationProblem = {
  ...Problem,
  $id: 'ValidationProblem',
  description: 'RFC 9457 problem details of a 422, with one entry in errors per field that is wrong',
  required: [...Problem.required, 'errors'],
} as const satisfies JSONSchema;

/** The id segment of a route: digits only, so /users/abc is no route at all (404), not a bad id. */
export const ID = ':id(^\\d+$)';

export const Id = { type: 'integer', minimum: 1, maximum: 2_147_483_647 } as const satisfies JSONSchema;

export const IdParams = {
  type: 'object',
  properties: { id: Id },
  required: ['id'],
} as const satisfies JSONSchema;

export const Pagination = {
  limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
  offset: { type: 'integer', minimum: 0, maximum: 2_147_483_647, default: 0 },
} as const satisfies Record<string, JSONSchema>;

export const Timestamp = { type: 'string', format: 'date-time' } as const satisfies JSONSchema;

export const IfMatchHeaders = {
  type: 'object',
  properties: { 'if-match': { type: 'string', description: 'ETag of the version this write is based on' } },
} as const satisfies JSONSchema;

// Every operation says who may call it: anyone, a bearer token, or either (the token, when
// sent, must be valid and shows more).
type Security = { [scheme: string]: string[] }[];
export const publicSecurity: Security = [];
export const bearerSecurity: Security = [{ bearerAuth: [] }];
export const optionalBearerSecurity: Security = [{}, { bearerAuth: [] }];
