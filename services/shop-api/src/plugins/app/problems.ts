import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { HttpProblem, PROBLEM_TYPES, problemBody, unavailable, type FieldError } from '../../lib/problem.js';

// The one place errors become responses: every error is RFC 9457 problem+json, and
// nothing internal (stack, SQL, driver message) ever reaches a client.

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

// Connection-level failures of PostgreSQL (refused, reset, its host not resolvable yet, shutting
// down, cannot connect now), over TCP or a Unix socket.
const DB_UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08006']);

export function isDatabaseUnavailable(err: unknown): boolean {
  const e = err as { code?: string; syscall?: string; message?: string };
  if (e.code && DB_UNAVAILABLE_CODES.has(e.code)) return true;
  // A Unix socket that is not there (the server is down): ENOENT on connect.
  if (e.code === 'ENOENT' && e.syscall === 'connect') return true;
  return /timeout exceeded when trying to connect|Connection terminated|connect ECONNREFUSED/i.test(e.message ?? '');
}

/** PostgreSQL's query_canceled, which statement_timeout raises. */
const STATEMENT_TIMEOUT = '57014';

const CLIENT_ERROR_DETAILS: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'request body is larger than the 64 KiB limit',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported Content-Type; this route accepts application/json',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'Content-Length does not match the body',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'the JSON body is empty',
  FST_ERR_CTP_INVALID_JSON_BODY: 'the body is not valid JSON',
};

function validationErrors(error: FastifyError): FieldError[] {
  const where = ({ body: 'body', querystring: 'query', params: 'path', headers: 'header' } as Record<string, string>)[
    error.validationContext ?? 'body'
  ];
  return (error.validation ?? []).map((v) => {
    const params = v.params as { missingProperty?: string; additionalProperty?: string };
    const segments = v.instancePath.split('/').filter(Boolean);
    if (params.missingProperty) return { path: [where, ...segments, params.missingProperty].join('.'), message: 'is required' };
    if (params.additionalProperty) return { path: [where, ...segments, params.additionalProperty].join('.'), message: 'is not allowed' };
    return { path: [where, ...segments].join('.'), message: v.message ?? 'is invalid' };
  });
}

export function sendProblem(reply: FastifyReply, request: FastifyRequest, problem: HttpProblem): FastifyReply {
  return reply
    .code(problem.status)
    .headers(problem.headers)
    .type('application/problem+json')
    .send(problem.body(request.url.split('?')[0], request.id));
}

function toProblem(error: FastifyError, request: FastifyRequest): HttpProblem {
  if (error instanceof HttpProblem) return error;
  if (error.validation) {
    const errors = validationErrors(error);
    const detail = `request validation failed: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`;
    return new HttpProblem(422, detail.slice(0, 1000), { type: PROBLEM_TYPES.validation, errors });
  }
  // A statement past DB_STATEMENT_TIMEOUT_MS (a lock held too long, a database too busy): PostgreSQL cancelled it and undid its transaction.
  if ((error as { code?: string }).code === STATEMENT_TIMEOUT) {
    request.log.warn({ err: error }, 'database statement timed out');
    return unavailable('the database did not answer in time; try again shortly');
  }
  if (isDatabaseUnavailable(error)) {
    request.log.warn({ err: error }, 'database unavailable');
    return unavailable('the database is unavailable; try again shortly');
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    const detail = CLIENT_ERROR_DETAILS[error.code] ?? (error instanceof SyntaxError ? CLIENT_ERROR_DETAILS.FST_ERR_CTP_INVALID_JSON_BODY! : problemBody(status, '').title);
    return new HttpProblem(status, detail);
  }
  request.log.error({ err: error }, 'unhandled error');
  return new HttpProblem(500, 'an unexpected error occurred; it has been logged');
}

export default fp(async (app: FastifyInstance) => {
  app.setErrorHandler((error: FastifyError, request, reply) => sendProblem(reply, request, toProblem(error, request)));

  const allowedMethods = (path: string) => METHODS.filter((method) => app.findRoute({ method, url: path }));

  // A known path with a trailing slash: 308 to the path without it (method and body kept).
  // Unknown path: 404. Known path, other method (TRACE, HEAD, ...): 405 with Allow.
  app.setNotFoundHandler((request, reply) => {
    const [path = '/', query] = request.url.split(/\?(.*)/s);
    const canonical = path.replace(/\/+$/, '');
    // Only to a path the service answers, so that "//evil.example/" can never become an open redirect.
    if (canonical !== path && canonical.length > 0 && allowedMethods(canonical).length > 0) {
      return reply.code(308).header('location', query === undefined ? canonical : `${canonical}?${query}`).send();
    }
    const allowed = allowedMethods(path);
    if (allowed.length > 0) {
      return sendProblem(reply, request, new HttpProblem(405, `${request.method} is not allowed on ${path}; allowed: ${allowed.join(', ')}`, {
        headers: { allow: allowed.join(', ') },
      }));
    }
    return sendProblem(reply, request, new HttpProblem(404, `route ${request.method} ${path} not found`));
  });
}, { name: 'problems' });
