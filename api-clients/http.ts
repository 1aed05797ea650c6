import { performance } from 'node:perf_hooks';
import { test, type APIRequestContext, type APIResponse, type Location } from '@playwright/test';
import type { z } from 'zod';
import { maskForm, maskHeaders, maskSecrets } from './masking.js';
import { Problem } from './schemas/problem.js';

// The one HTTP layer every client shares. Each call runs on Playwright's
// APIRequestContext (so it is in the trace) and is then reported as a boxed step
// named like "POST /orders/checkout -> 201 (14 ms)", with the request and response
// (secrets masked) attached to it. 2xx bodies are checked against the client's zod
// schema; error bodies against the service's error contract.

export type Query = Record<string, string | number | boolean | undefined>;

export interface CallOptions<T> {
  query?: Query;
  /** A JSON body. */
  json?: unknown;
  /** A form-encoded body. */
  form?: Record<string, string>;
  /** A body sent exactly as given (for malformed input), with its content type. */
  raw?: { body: string | Buffer; contentType?: string };
  headers?: Record<string, string>;
  /** Checks a 2xx body; a body that breaks it fails the step with the zod issues. */
  schema?: z.ZodType<T>;
}

export interface ServiceContract {
  /** Prefix for step titles, for services other than the system under test. */
  label?: string;
  /** What every non-2xx body must be; undefined when the service has no error contract. */
  errorSchema?: z.ZodType;
  errorContentType?: string;
}

export const SHOP_API_CONTRACT: ServiceContract = {
  errorSchema: Problem,
  errorContentType: 'application/problem+json',
};

export class ContractError extends Error {
  override name = 'ContractError';
}

/** What a call returned: status, headers and body, for tests to assert on all of them. */
export class ApiResponse<T> {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly headers: Record<string, string>,
    readonly text: string,
    private readonly parsed: unknown,
  ) {}

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  /** The 2xx body, typed; reading it from any other response fails with what came back. */
  get body(): T {
    if (!this.ok) throw new Error(`${this.describe()}: expected a 2xx response, got ${this.status}: ${this.text.slice(0, 500)}`);
    return this.parsed as T;
  }

  /** The problem details of a non-2xx response. */
  get problem(): Problem {
    if (this.ok) throw new Error(`${this.describe()}: expected an error response, got ${this.status}: ${this.text.slice(0, 500)}`);
    return Problem.parse(this.parsed);
  }

  /** The parsed JSON whatever the status (for tests about error shapes). */
  get json(): unknown {
    return this.parsed;
  }

  header(name: string): string | undefined {
    return this.headers[name.toLowerCase()];
  }

  describe(): string {
    return `${this.method} ${this.path}`;
  }
}

/** Throws, with status and body, on anything but 2xx: for setup code, not for assertions. */
export function ensureOk<T>(response: ApiResponse<T>): T {
  if (!response.ok) throw new Error(`setup call ${response.describe()} failed with ${response.status}: ${response.text.slice(0, 500)}`);
  return response.body;
}

export class Http {
  constructor(
    readonly request: APIRequestContext,
    readonly contract: ServiceContract = SHOP_API_CONTRACT,
    private readonly defaultHeaders: Record<string, string> = {},
    /** False for bulk calls (generated inputs): still checked, but not each a step with attachments. */
    private readonly reported = true,
  ) {}

  /** The same service, sending a bearer token (or none, with undefined). */
  withToken(token: string | undefined): Http {
    const { authorization: _dropped, ...rest } = this.defaultHeaders;
    return new Http(this.request, this.contract, token === undefined ? rest : { ...rest, authorization: `Bearer ${token}` }, this.reported);
  }

  /** The same service, sending exactly these headers on every call (e.g. a malformed Authorization). */
  withHeaders(headers: Record<string, string>): Http {
    return new Http(this.request, this.contract, { ...this.defaultHeaders, ...headers }, this.reported);
  }

  /** The same service, for calls by the thousand: contracts checked, no step or attachment each. */
  quiet(): Http {
    return new Http(this.request, this.contract, this.defaultHeaders, false);
  }

  async send<T = unknown>(method: string, path: string, options: CallOptions<T> = {}): Promise<ApiResponse<T>> {
    const headers = { ...this.defaultHeaders, ...options.headers };
    if (options.raw?.contentType) headers['content-type'] = options.raw.contentType;
    // Any JSON value goes out as JSON (Playwright would send a bare string as text/plain).
    if (options.json !== undefined) headers['content-type'] ??= 'application/json';
    const shownPath = path + queryString(options.query);
    // Where the test made the call, for its step; quiet calls have no step, so skip the stack walk.
    const location = this.reported ? callerLocation() : undefined;
    const started = performance.now();
    let response: APIResponse;
    try {
      response = await this.request.fetch(path, {
        method,
        headers,
        params: definedOnly(options.query),
        ...(options.json !== undefined ? { data: Buffer.from(JSON.stringify(options.json)) } : {}),
        ...(options.form ? { form: options.form } : {}),
        // A Buffer goes out byte for byte; Playwright would JSON-encode a string.
        ...(options.raw ? { data: Buffer.from(options.raw.body) } : {}),
        maxRedirects: 0,
      });
    } catch (err) {
      const ms = Math.round(performance.now() - started);
      await this.report(`${method} ${shownPath} -> ${errorName(err)} (${ms} ms)`, location, headers, options, undefined, undefined, () => {
        throw err;
      });
      throw err;
    }
    const ms = Math.round(performance.now() - started);
    const text = (await response.body()).toString('utf8');
    const responseHeaders = response.headers();
    const parsed = parseJson(text, responseHeaders['content-type']);
    const result = new ApiResponse<T>(method, shownPath, response.status(), responseHeaders, text, parsed);
    await this.report(`${method} ${shownPath} -> ${result.status} (${ms} ms)`, location, headers, options, result, parsed, () =>
      this.checkContract(result, parsed, options.schema),
    );
    return result;
  }

  private checkContract<T>(result: ApiResponse<T>, parsed: unknown, schema: z.ZodType<T> | undefined): void {
    if (result.ok && schema && result.status !== 204) {
      const check = schema.safeParse(parsed);
      if (!check.success) {
        throw new ContractError(
          `${result.describe()} -> ${result.status}: the body breaks the suite's schema:\n` +
            `${check.error.issues.map((i) => `  ${i.path.join('.') || '(body)'}: ${i.message}`).join('\n')}\n` +
            `body: ${JSON.stringify(maskSecrets(parsed)).slice(0, 2000)}`,
        );
      }
    }
    const { errorSchema, errorContentType } = this.contract;
    // A HEAD response has no body to check; a redirect (3xx) is no error.
    if (result.status >= 400 && errorSchema && result.method !== 'HEAD') {
      const type = result.header('content-type') ?? '(none)';
      if (errorContentType && !type.startsWith(errorContentType)) {
        throw new ContractError(`${result.describe()} -> ${result.status}: error responses must be ${errorContentType}, got ${type}: ${result.text.slice(0, 500)}`);
      }
      const check = errorSchema.safeParse(parsed);
      if (!check.success) {
        throw new ContractError(`${result.describe()} -> ${result.status}: the error body is not problem details: ${result.text.slice(0, 500)}`);
      }
    }
  }

  /** The boxed step that shows this call in the report, with both bodies attached. */
  private async report(
    title: string,
    location: Location | undefined,
    headers: Record<string, string>,
    options: CallOptions<unknown>,
    result: ApiResponse<unknown> | undefined,
    parsed: unknown,
    check: () => void,
  ): Promise<void> {
    if (!this.reported) return check();
    const label = this.contract.label ? `${this.contract.label}: ` : '';
    const call = title.slice(0, title.indexOf(' -> '));
    await test.step(`${label}${title}`, async (step) => {
      await step.attach(`${call} request`, {
        contentType: 'application/json',
        body: JSON.stringify({ headers: maskHeaders(headers), body: requestBody(options) }, null, 2),
      });
      if (result) {
        await step.attach(`${call} response ${result.status}`, {
          contentType: 'application/json',
          body: JSON.stringify({ headers: result.headers, body: maskSecrets(parsed ?? result.text) }, null, 2),
        });
      }
      check();
    }, { box: true, ...(location ? { location } : {}) });
  }
}

function requestBody(options: CallOptions<unknown>): unknown {
  if (options.json !== undefined) return maskSecrets(options.json);
  if (options.form) return maskForm(options.form);
  if (options.raw) return typeof options.raw.body === 'string' ? options.raw.body.slice(0, 4000) : `<${options.raw.body.length} bytes>`;
  return undefined;
}

function parseJson(text: string, contentType: string | undefined): unknown {
  if (!text || !contentType?.includes('json')) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function definedOnly(query: Query | undefined): Record<string, string | number | boolean> | undefined {
  if (!query) return undefined;
  return Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined)) as Record<string, string | number | boolean>;
}

function queryString(query: Query | undefined): string {
  const defined = definedOnly(query);
  if (!defined || Object.keys(defined).length === 0) return '';
  return `?${new URLSearchParams(Object.entries(defined).map(([k, v]): [string, string] => [k, String(v)])).toString()}`;
}

function errorName(err: unknown): string {
  const message = (err as Error).message ?? String(err);
  return /ECONNREFUSED|ECONNRESET|ETIMEDOUT|Timeout/i.exec(message)?.[0] ?? 'error';
}

const OWN_FRAMES = /[\\/](api-clients|node_modules)[\\/]|node:internal/;

/** Where the test (or fixture) made this call, so the step points at that line, not at this file. */
function callerLocation(): Location | undefined {
  for (const line of (new Error().stack ?? '').split('\n').slice(1)) {
    const match = /\(?((?:file:\/\/)?\/[^()]+?):(\d+):(\d+)\)?$/.exec(line.trim());
    if (match && !OWN_FRAMES.test(match[1]!)) {
      return { file: match[1]!.replace(/^file:\/\//, ''), line: Number(match[2]), column: Number(match[3]) };
    }
  }
  return undefined;
}
