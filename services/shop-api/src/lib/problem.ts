// RFC 9457 problem details: the one shape every error response takes.

export type FieldError = {
  path: string;
  message: string;
};

export type ProblemBody = {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  /** The request's id, as shop-api's log has it (reqId). */
  request_id?: string;
  errors?: FieldError[];
};

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Thrown by routes and services; the error handler turns it into problem+json. */
export class HttpProblem extends Error {
  readonly status: number;
  readonly type: string;
  readonly errors: FieldError[] | undefined;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    detail: string,
    options: { type?: string; errors?: FieldError[]; headers?: Record<string, string> } = {},
  ) {
    super(detail);
    this.status = status;
    this.type = options.type ?? 'about:blank';
    this.errors = options.errors;
    this.headers = options.headers ?? {};
  }

  body(instance?: string, requestId?: string): ProblemBody {
    return problemBody(this.status, this.message, { type: this.type, errors: this.errors, instance, requestId });
  }
}

export function problemBody(
  status: number,
  detail: string,
  options: { type?: string | undefined; errors?: FieldError[] | undefined; instance?: string | undefined; requestId?: string | undefined } = {},
): ProblemBody {
  return {
    type: options.type ?? 'about:blank',
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    ...(options.instance ? { instance: options.instance } : {}),
    ...(options.requestId ? { request_id: options.requestId } : {}),
    ...(options.errors ? { errors: options.errors } : {}),
  };
}

// Problem types with a meaning beyond their status code.
export const PROBLEM_TYPES = {
  validation: '/problems/validation-error',
  stale: '/problems/stale-version',
  throttled: '/problems/too-many-login-failures',
  conflict: '/problems/conflict',
  unavailable: '/problems/dependency-unavailable',
} as const;

export const notFound = (what: string) => new HttpProblem(404, `${what} not found`);
export const stale = (what: string) =>
  new HttpProblem(412, `If-Match does not match the current version of this ${what}; read it again and retry`, { type: PROBLEM_TYPES.stale });
/** 503 with Retry-After: a dependency (or start-up) is not there yet; the client should try again. */
export const unavailable = (detail: string) =>
  new HttpProblem(503, detail, { type: PROBLEM_TYPES.unavailable, headers: { 'retry-after': '1' } });
export const forbidden = (detail: string) => new HttpProblem(403, detail);
export const conflict = (detail: string) => new HttpProblem(409, detail, { type: PROBLEM_TYPES.conflict });
/** 422: every one names what was wrong in `errors`, so clients can handle them alike. */
export const unprocessable = (detail: string, errors: FieldError[]) => new HttpProblem(422, detail, { type: PROBLEM_TYPES.validation, errors });
