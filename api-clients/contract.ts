import type { z } from 'zod';
import { maskSecrets } from './masking.js';
import type { CallLog } from './openapi/call-log.js';
import type { OpenApiValidator } from './openapi/validator.js';
import type { ApiResponse } from './response.js';
import { Problem } from './schemas/problem.js';

// What every response of a service must look like: 2xx bodies match the client's zod
// schema (the suite's own statement of the contract), error bodies the service's error
// contract, and every response what the service publishes about itself (/openapi.json).
// A response that breaks any of them fails the call with a ContractError.

export interface ServiceContract {
  /** Prefix for step titles, for services other than the system under test. */
  label?: string;
  /** What every non-2xx body must be; undefined when the service has no error contract. */
  errorSchema?: z.ZodType;
  errorContentType?: string;
  /** The service's own document: every response is checked against it too. */
  published?: OpenApiValidator;
  /** Where every call is recorded (operation, status, time): the coverage map and latency. */
  log?: CallLog;
}

export const SHOP_API_CONTRACT: ServiceContract = {
  errorSchema: Problem,
  errorContentType: 'application/problem+json',
};

export class ContractError extends Error {
  override name = 'ContractError';
}

export function checkContract<T>(contract: ServiceContract, result: ApiResponse<T>, schema: z.ZodType<T> | undefined): void {
  if (result.ok && schema && result.status !== 204) {
    const check = schema.safeParse(result.json);
    if (!check.success) {
      throw new ContractError(
        `${result.describe()} -> ${result.status}: the body breaks the suite's schema:\n` +
          `${check.error.issues.map((i) => `  ${i.path.join('.') || '(body)'}: ${i.message}`).join('\n')}\n` +
          `body: ${JSON.stringify(maskSecrets(result.json)).slice(0, 2000)}`,
      );
    }
  }
  const { errorSchema, errorContentType } = contract;
  // A HEAD response has no body to check; a redirect (3xx) is no error.
  if (result.status >= 400 && errorSchema && result.method !== 'HEAD') {
    const type = result.header('content-type') ?? '(none)';
    if (errorContentType && !type.startsWith(errorContentType)) {
      throw new ContractError(`${result.describe()} -> ${result.status}: error responses must be ${errorContentType}, got ${type}: ${result.text.slice(0, 500)}`);
    }
    if (!errorSchema.safeParse(result.json).success) {
      throw new ContractError(`${result.describe()} -> ${result.status}: the error body is not problem details: ${result.text.slice(0, 500)}`);
    }
  }
  const path = result.path.split('?')[0]!;
  const broken = contract.published?.violations({ method: result.method, path, status: result.status, headers: result.headers, text: result.text, json: result.json });
  if (broken?.length) {
    const operation = contract.published!.operationOf(result.method, path) ?? contract.published!.operations.onPath(path)[0];
    throw new ContractError(
      `${result.describe()} -> ${result.status}: the response breaks the service's own /openapi.json ` +
        `(operation ${operation?.operationId ?? operation?.key}):\n${broken.map((b) => `  ${b}`).join('\n')}\nbody: ${result.text.slice(0, 1000)}`,
    );
  }
}
