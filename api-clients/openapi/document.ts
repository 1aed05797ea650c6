// The parts of an OpenAPI 3.1 document the suite reads: operations, their responses
// (status, media types, headers), and where each is in the document (a JSON pointer).

export interface HeaderSpec {
  required?: boolean;
  schema?: object;
}

export interface ResponseSpec {
  description?: string;
  headers?: Record<string, HeaderSpec>;
  content?: Record<string, { schema?: object }>;
}

export interface OperationSpec {
  operationId?: string;
  parameters?: { in: string; name: string; schema?: { type?: string } }[];
  responses?: Record<string, ResponseSpec>;
}

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, OperationSpec>>;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** A documented operation: "GET /users/{id}", its operationId, and where it is in the document. */
export interface Operation {
  key: string;
  operationId: string | undefined;
  pointer: string;
  spec: OperationSpec;
}

const escapePointer = (token: string) => token.replace(/~/g, '~0').replace(/\//g, '~1');

/** The pattern of a path template: a parameter documented as an integer matches digits only. */
function templatePattern(template: string, spec: OperationSpec): RegExp {
  const typeOf = (name: string) => spec.parameters?.find((p) => p.in === 'path' && p.name === name)?.schema?.type;
  const parts = template.split(/(\{[^}]+\})/).map((part) => {
    const param = /^\{([^}]+)\}$/.exec(part)?.[1];
    if (param) return typeOf(param) === 'integer' ? '-?\\d+' : '[^/]+';
    return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  });
  return new RegExp(`^${parts.join('')}$`);
}

/**
 * The document's operations, and which one a concrete call is: a literal segment wins
 * over a parameter, and an integer parameter takes digits only (/users/me is not /users/{id}).
 */
export class Operations {
  private readonly all: (Operation & { pattern: RegExp; params: number; method: string })[];

  constructor(document: OpenApiDocument) {
    this.all = Object.entries(document.paths).flatMap(([template, item]) =>
      Object.entries(item)
        .filter(([method]) => METHODS.includes(method))
        .map(([method, spec]) => ({
          key: `${method.toUpperCase()} ${template}`,
          operationId: spec.operationId,
          pointer: `/paths/${escapePointer(template)}/${method}`,
          spec,
          method: method.toUpperCase(),
          params: (template.match(/\{[^}]+\}/g) ?? []).length,
          pattern: templatePattern(template, spec),
        })))
      .sort((a, b) => a.params - b.params);
  }

  /** The operation a call (method, path without the query) is, if the document describes it. */
  match(method: string, path: string): Operation | undefined {
    return this.all.find((o) => o.method === method && o.pattern.test(path));
  }

  list(): Operation[] {
    return [...this.all].sort((a, b) => a.key.localeCompare(b.key));
  }
}

/** The documented response for a status: exact, then its class ("4XX"), then "default". */
export function documentedResponse(operation: OperationSpec, status: number): { key: string; spec: ResponseSpec } | undefined {
  const responses = operation.responses ?? {};
  for (const key of [String(status), `${String(status)[0]}XX`, 'default']) {
    if (responses[key]) return { key, spec: responses[key] };
  }
  return undefined;
}
