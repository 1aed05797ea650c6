// @ts-nocheck
import { test, type Location } from '@playwright/test';
import { maskForm, maskHeaders, maskSecrets } from './masking.js';
import type { ApiResponse } from './response.js';

// How a call shows in the report: a boxed step named like
// "POST /orders/checkout -> 201 (14 ms)", pointing at the line that made it, with the
// request and the response (secrets masked) attached to it.

export interface SentRequest {
  headers: Record<string, string>;
  json?: unknown;
  form?: Record<string, string>;
  raw?: { body: string | Buffer; contentType?: string };
}

export interface CallRecord {
  /** Names the service, for services other than the system under test. */
  label: string | undefined;
  /** "POST /orders/checkout" */
  call: string;
  /** "201 (14 ms)", or how the call failed */
  outcome: string;
  location: Location | undefined;
  request: SentRequest;
  result: ApiResponse<unknown> | undefined;
}

/** Runs `check` inside the call's step, so a broken contract fails that step. */
export async function reportCall({ label, call, outcome, location, request, result }: CallRecord, check: () => void): Promise<void> {
  await test.step(`${label ? `${label}: ` : ''}${call} -> ${outcome}`, async (step) => {
    await step.attach(`${call} request`, {
      contentType: 'application/json',
      body: JSON.stringify({ headers: maskHeaders(request.headers), body: requestBody(request) }, null, 2),
    });
    if (result) {
      await step.attach(`${call} response ${result.status}`, {
        contentType: 'application/json',
        body: JSON.stringify({ headers: result.headers, body: maskSecrets(result.json ?? result.text) }, null, 2),
      });
    }
    check();
  }, { box: true, ...(location ? { location } : {}) });
}

function requestBody(request: SentRequest): unknown {
  if (request.json !== undefined) return maskSecrets(request.json);
  if (request.form) return maskForm(request.form);
  if (request.raw) return typeof request.raw.body === 'string' ? request.raw.body.slice(0, 4000) : `<${request.raw.body.length} bytes>`;
  return undefined;
}
