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
    errors: { type: 'array', items: FieldError },
  },
  required: ['type', 'title', 'status', 'detail'],
} as const satisfies JSONSchema;

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed request (for example, JSON that does not parse)',
  401: 'Missing, malformed, expired or revoked bearer token',
  403: 'Authenticated but not allowed',
  404: 'Not found (also for objects of other users)',
  409: 'Conflict with the current state',
  412: 'If-Match names a stale version',
  413: 'Body larger than 64 KiB',
  415: 'Unsupported Content-Type',
  422: 'Validation failed; see errors',
  429: 'Too many attempts; see Retry-After',
  503: 'A dependency (the database) is unavailable',
};

/** Response schemas for the given problem statuses, so they are documented and serialised alike. */
export function problems<const S extends readonly number[]>(...statuses: S): { [K in S[number]]: { $ref: 'Problem#'; description: string } } {
  return Object.fromEntries(
    statuses.map((s) => [s, { $ref: 'Problem#', description: PROBLEM_DESCRIPTIONS[s] ?? 'Problem' }]),
  ) as { [K in S[number]]: { $ref: 'Problem#'; description: string } };
}

// Every route with a body can answer these regardless of its own logic.
export const COMMON_PROBLEMS = [400, 413, 415, 422, 503] as const;

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

export const bearerSecurity = [{ bearerAuth: [] }];
