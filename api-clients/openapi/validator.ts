import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { documentedResponse, Operations, type OpenApiDocument, type Operation } from './document.js';

// Every response checked against what the service publishes about itself (/openapi.json):
// the status is documented for the operation, the content type is the documented one,
// the body matches the documented schema, and the documented required headers are there.
// Ajv does the schema work; each schema is compiled once, the first time it is needed.

const DOCUMENT_ID = 'https://shop-suite.test/openapi.json';

/** Headers that are the API's own words (not HTTP plumbing): sent only where the document promises them. */
const API_HEADERS = ['etag', 'location', 'x-total-count', 'www-authenticate', 'retry-after', 'idempotent-replayed', 'accept-post', 'x-cache', 'allow'];

export interface ObservedResponse {
  method: string;
  /** The path without the query. */
  path: string;
  status: number;
  headers: Record<string, string>;
  text: string;
  /** The body parsed as JSON (undefined when it is not JSON). */
  json: unknown;
}

const jsonPath = (error: ErrorObject, root: string) =>
  `${root}${error.instancePath.split('/').slice(1).map((t) => (/^\d+$/.test(t) ? `[${t}]` : `.${t.replace(/~1/g, '/').replace(/~0/g, '~')}`)).join('')}`;

export class OpenApiValidator {
  readonly operations: Operations;
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(document: OpenApiDocument) {
    addFormats.default(this.ajv);
    this.ajv.addSchema(document, DOCUMENT_ID);
    this.operations = new Operations(document);
  }

  /** The operation the call is, if documented. */
  operationOf(method: string, path: string): Operation | undefined {
    return this.operations.match(method, path);
  }

  /** What in the response breaks the document; empty when it agrees (or the call is not a documented operation). */
  violations(response: ObservedResponse): string[] {
    // Another method on a documented path is the path's 405, which each of its operations describes.
    const operation = this.operations.match(response.method, response.path) ?? (response.status === 405 ? this.operations.onPath(response.path)[0] : undefined);
    if (!operation) return [];
    const documented = documentedResponse(operation, response.status);
    if (!documented) return [`status ${response.status} is not documented for this operation (documented: ${Object.keys(operation.spec.responses ?? {}).join(', ')})`];
    const at = documented.pointer;
    const problems: string[] = [];

    // The API's own headers that the answer carries are documented for its status (a client reads only what the document promises).
    const promised = new Set(Object.keys(documented.spec.headers ?? {}).map((name) => name.toLowerCase()));
    for (const name of API_HEADERS.filter((h) => response.headers[h] !== undefined && !promised.has(h))) {
      problems.push(`header ${name}: sent, but not documented for ${response.status}`);
    }

    for (const [name, header] of Object.entries(documented.spec.headers ?? {})) {
      const value = response.headers[name.toLowerCase()];
      if (value === undefined) {
        if (header.required) problems.push(`header ${name}: required by the document, missing`);
        continue;
      }
      if (header.schema) {
        const schema = header.schema as { type?: string };
        const typed = schema.type === 'integer' || schema.type === 'number' ? Number(value) : value;
        problems.push(...this.check(`${at}/headers/${name}/schema`, typed, `header ${name}`));
      }
    }

    // A HEAD response carries no body, whatever a GET's would be.
    if (response.method === 'HEAD') return problems;
    const media = documented.spec.content;
    const type = response.headers['content-type']?.split(';')[0]?.trim();
    if (!media || Object.keys(media).length === 0) {
      if (response.text !== '') problems.push(`body: the document says no body, got ${type ?? 'no content type'}: ${response.text.slice(0, 100)}`);
      return problems;
    }
    if (!type || !media[type]) return [...problems, `content type: expected ${Object.keys(media).join(' or ')}, got ${type ?? '(none)'}`];
    if (media[type].schema) {
      if (response.json === undefined) return [...problems, `body: expected JSON, got: ${response.text.slice(0, 100)}`];
      problems.push(...this.check(`${at}/content/${type.replace(/\//g, '~1')}/schema`, response.json, 'body'));
    }
    return problems;
  }

  private check(pointer: string, value: unknown, root: string): string[] {
    let validate = this.compiled.get(pointer);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `${DOCUMENT_ID}#${pointer.split('/').map(encodeURIComponent).join('/')}` });
      this.compiled.set(pointer, validate);
    }
    if (validate(value)) return [];
    return (validate.errors ?? []).map((e) => `${jsonPath(e, root)}: ${e.message ?? 'is invalid'}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`);
  }
}
