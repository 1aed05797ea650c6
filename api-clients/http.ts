import { performance } from 'node:perf_hooks';
import { test, type APIRequestContext, type APIResponse } from '@playwright/test';
import type { z } from 'zod';
import { callerLocation } from './caller-location.js';
import { checkContract, SHOP_API_CONTRACT, type ServiceContract } from './contract.js';
import { reportCall, type SentRequest } from './report.js';
import { ApiResponse } from './response.js';

// The one HTTP layer every client shares. Each call is checked against the service's
// contract (contract.ts) and reported as a step with its request and response
// (report.ts). It goes out through Playwright's APIRequestContext where a trace records
// it (a journey, a retried test, --trace on), else through Node's fetch, at less than
// half the CPU and without a second step of Playwright's own in the report. Quiet calls
// (the thousands a generated-input or model test sends) are checked all the same but are
// not a step each.

/** How long one call may take before it fails (a hang is a failure, not a wait). */
export const CALL_TIMEOUT_MS = 15_000;

/** Where calls go: Playwright's request context for the service, and the service's URL. */
export interface Transport {
  request: APIRequestContext;
  baseURL: string;
  /** The context records its own trace (connect's `trace` option): every call goes through it. */
  traced?: boolean;
}

interface Received {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** Methods Node's fetch will not send (the security tests do). */
const FETCH_REFUSES = /^(CONNECT|TRACE|TRACK)$/i;

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

export class Http {
  constructor(
    readonly transport: Transport,
    readonly contract: ServiceContract = SHOP_API_CONTRACT,
    private readonly defaultHeaders: Record<string, string> = {},
    /** False for bulk calls (generated inputs): still checked, but not each a step with attachments. */
    private readonly reported = true,
  ) {}

  /** The same service, sending a bearer token (or none, with undefined). */
  withToken(token: string | undefined): Http {
    const { authorization: _dropped, ...rest } = this.defaultHeaders;
    return new Http(this.transport, this.contract, token === undefined ? rest : { ...rest, authorization: `Bearer ${token}` }, this.reported);
  }

  /** The same service, sending exactly these headers on every call (e.g. a malformed Authorization). */
  withHeaders(headers: Record<string, string>): Http {
    return new Http(this.transport, this.contract, { ...this.defaultHeaders, ...headers }, this.reported);
  }

  /** The same service, for calls by the thousand: contracts checked, no step or attachment each. */
  quiet(): Http {
    return new Http(this.transport, this.contract, this.defaultHeaders, false);
  }

  async send<T = unknown>(method: string, path: string, options: CallOptions<T> = {}): Promise<ApiResponse<T>> {
    const headers = { ...this.defaultHeaders, ...options.headers };
    if (options.raw?.contentType) headers['content-type'] = options.raw.contentType;
    // Any JSON value goes out as JSON (Playwright would send a bare string as text/plain).
    if (options.json !== undefined) headers['content-type'] ??= 'application/json';
    const shownPath = path + queryString(options.query);
    const call = `${method} ${shownPath}`;
    const sent: SentRequest = { headers, json: options.json, ...(options.form ? { form: options.form } : {}), ...(options.raw ? { raw: options.raw } : {}) };
    // Where the test made the call, for its step; quiet calls have no step, so skip the stack walk.
    const location = this.reported ? callerLocation() : undefined;
    const report = (outcome: string, result: ApiResponse<unknown> | undefined, check: () => void) =>
      this.reported ? reportCall({ label: this.contract.label, call, outcome, location, request: sent, result }, check) : check();

    const started = performance.now();
    let received: Received;
    try {
      received = (this.reported && (this.transport.traced || playwrightTraces())) || FETCH_REFUSES.test(method)
        ? await this.throughPlaywright(method, path, headers, options)
        : await this.throughFetch(method, shownPath, headers, options);
    } catch (err) {
      await report(`${errorName(err)} (${Math.round(performance.now() - started)} ms)`, undefined, () => {
        throw err;
      });
      throw err;
    }
    const ms = Math.round(performance.now() - started);
    const { published, log } = this.contract;
    log?.add({ operation: published?.operationOf(method, path.split('?')[0]!)?.key, call: `${method} ${path.split('?')[0]}`, status: received.status, ms });
    const text = received.body.toString('utf8');
    const result = new ApiResponse<T>(method, shownPath, received.status, received.headers, text, parseJson(text, received.headers['content-type']));
    await report(`${result.status} (${ms} ms)`, result, () => checkContract(this.contract, result, options.schema));
    return result;
  }

  private async throughPlaywright(method: string, path: string, headers: Record<string, string>, options: CallOptions<unknown>): Promise<Received> {
    const response: APIResponse = await this.transport.request.fetch(path, {
      method,
      headers,
      params: definedOnly(options.query),
      ...(options.json !== undefined ? { data: Buffer.from(JSON.stringify(options.json)) } : {}),
      ...(options.form ? { form: options.form } : {}),
      // A Buffer goes out byte for byte; Playwright would JSON-encode a string.
      ...(options.raw ? { data: Buffer.from(options.raw.body) } : {}),
      maxRedirects: 0,
    });
    return { status: response.status(), headers: response.headers(), body: await response.body() };
  }

  private async throughFetch(method: string, pathAndQuery: string, headers: Record<string, string>, options: CallOptions<unknown>): Promise<Received> {
    const body =
      options.json !== undefined ? JSON.stringify(options.json)
        : options.form ? new URLSearchParams(options.form).toString()
          : options.raw ? Buffer.from(options.raw.body) : undefined;
    if (options.form) headers['content-type'] ??= 'application/x-www-form-urlencoded';
    const response = await fetch(new URL(pathAndQuery, this.transport.baseURL), {
      method,
      headers,
      ...(body !== undefined ? { body } : {}),
      redirect: 'manual',
      signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
    });
    return { status: response.status, headers: Object.fromEntries(response.headers), body: Buffer.from(await response.arrayBuffer()) };
  }
}

/** Whether Playwright records a trace of the running test (its `trace` option), which sees only calls through its request context. */
function playwrightTraces(): boolean {
  let info;
  try {
    info = test.info();
  } catch {
    return false; // not in a test (a worker fixture's call)
  }
  const option = info.project.use.trace;
  switch (typeof option === 'string' ? option : (option?.mode ?? 'off')) {
    case 'on':
    case 'retain-on-failure':
    case 'retain-on-failure-and-retries':
      return true;
    case 'retain-on-first-failure':
      return info.retry === 0;
    case 'on-first-retry':
      return info.retry === 1;
    case 'on-all-retries':
      return info.retry > 0;
    default:
      return false;
  }
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
