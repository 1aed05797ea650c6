// @ts-nocheck
import type { JSONSchema } from 'json-schema-to-ts';

// Route response schemas: each status with its media type, what it means and the headers
// it carries. Fastify serialises by them (per media type) and @fastify/swagger publishes
// them, so the document says what the wire does. `required` on a header means "always
// sent"; the openapi plugin moves it from the header's schema to the header (see there).

const HEADERS = {
  ETag: { type: 'string', pattern: '^"[0-9]+"$', description: 'The version of the resource, as "<version>"; send it back in If-Match' },
  Location: { type: 'string', description: 'Path of the created resource' },
  'X-Total-Count': { type: 'integer', minimum: 0, description: 'How many items match the query, on all pages together' },
  'WWW-Authenticate': { type: 'string', description: 'Bearer challenge: `Bearer realm="shop-api"`, with `error="invalid_token"` or `error="invalid_request"` when a token was sent' },
  'Retry-After': { type: 'integer', minimum: 0, description: 'Seconds to wait before trying again' },
  'Idempotent-Replayed': { type: 'string', enum: ['true'], description: 'Present when this is the stored response to an earlier request with the same Idempotency-Key' },
  'Cache-Control': { type: 'string', enum: ['no-store'], description: 'Tokens must not be cached' },
  'Accept-Post': { type: 'string', description: 'The media type this route accepts (sent when the body was of a parseable but wrong type)' },
  'X-Cache': {
    type: 'string',
    enum: ['hit', 'miss', 'bypass'],
    description: 'Only when shop-api has a cache (REDIS_URL). hit: served from the cache, checked against the current version; ' +
      'miss: read from PostgreSQL and stored for the next reader; bypass: read from PostgreSQL because the cache is unreachable.',
  },
} as const satisfies Record<string, JSONSchema>;

export type HeaderName = keyof typeof HEADERS;

/** The headers a response carries: `always` sent, or sent only `sometimes`. */
export interface Carries {
  always?: readonly HeaderName[];
  sometimes?: readonly HeaderName[];
}

function headers({ always = [], sometimes = [] }: Carries): { headers?: Record<string, object> } {
  if (always.length + sometimes.length === 0) return {};
  const documented: [string, object][] = [
    ...always.map((name): [string, object] => [name, { ...HEADERS[name], required: true }]),
    ...sometimes.map((name): [string, object] => [name, HEADERS[name]]),
  ];
  return { headers: Object.fromEntries(documented) };
}

/** An application/json response. */
export function json<const S extends JSONSchema>(schema: S, description: string, carries: Carries = {}) {
  return { description, ...headers(carries), content: { 'application/json': { schema } } };
}

/** A response without a body (204). */
export const noContent = (description: string) => ({ type: 'null', description }) as const;

const PROBLEMS = {
  400: ['Malformed request (for example, JSON that does not parse)', {}],
  401: ['Missing, malformed, expired or revoked bearer token', { always: ['WWW-Authenticate'] }],
  403: ['Authenticated but not allowed', {}],
  404: ['Not found (also for objects of other users)', {}],
  409: ['Conflict with the current state', {}],
  412: ['If-Match names a stale version', {}],
  413: ['Body larger than 64 KiB', {}],
  415: ['Unsupported Content-Type', { sometimes: ['Accept-Post'] }],
  422: ['Validation failed; `errors` names each field', {}],
  429: ['Too many attempts; see Retry-After', { always: ['Retry-After'] }],
  503: ['A dependency (the database) is unavailable, or the service is starting', { always: ['Retry-After'] }],
} as const satisfies Record<number, readonly [string, Carries]>;

export type ProblemStatus = keyof typeof PROBLEMS;

type ProblemResponse = {
  description: string;
  headers?: Record<string, object>;
  content: { 'application/problem+json': { schema: { $ref: 'Problem#' } | { $ref: 'ValidationProblem#' } } };
};

/** One problem+json response; `carries` adds headers to the status's own (for one route's 409, say). */
export function problem(status: ProblemStatus, carries: Carries = {}, description: string = PROBLEMS[status][0]): ProblemResponse {
  const own: Carries = PROBLEMS[status][1];
  return {
    description,
    ...headers({ always: [...(own.always ?? []), ...(carries.always ?? [])], sometimes: [...(own.sometimes ?? []), ...(carries.sometimes ?? [])] }),
    content: { 'application/problem+json': { schema: { $ref: status === 422 ? 'ValidationProblem#' : 'Problem#' } } },
  };
}

/** problem+json responses for the given statuses, each with its usual description and headers. */
export function problems<const S extends readonly ProblemStatus[]>(...statuses: S): { [K in S[number]]: ProblemResponse } {
  return Object.fromEntries(statuses.map((s) => [s, problem(s)])) as { [K in S[number]]: ProblemResponse };
}

// What any route with a body can answer, whatever its own logic (DELETE and POST without
// a schema still parse a body if one is sent); and what a route that only reads can.
export const BODY_PROBLEMS = [400, 413, 415, 422] as const;
export const READ_PROBLEMS = [422] as const; // a NUL or lone surrogate in the query or path
