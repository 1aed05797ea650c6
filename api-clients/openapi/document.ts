// The parts of an OpenAPI 3.1 document the suite reads: operations, their responses
// (status, media types, headers), and where each is in the document (a JSON pointer).

export interface HeaderSpec {
  required?: boolean;
  schema?: object;
}

export interface ResponseSpec {
  /** A response described once under components/responses. */
  $ref?: string;
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
  components?: { responses?: Record<string, ResponseSpec> };
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** A documented operation: "GET /users/{id}", its operationId, and where it is in the document. */
export interface Operation {
  key: string;
  /** The path template, "/users/{id}". */
  template: string;
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

/** Responses given by reference (`$ref: '#/components/responses/X'`), each as the component it names, with where that is. */
function resolveResponses(document: OpenApiDocument, operationPointer: string, spec: OperationSpec): OperationSpec {
  const responses: Record<string, ResponseSpec & { pointer: string }> = {};
  for (const [status, response] of Object.entries(spec.responses ?? {})) {
    const name = response.$ref?.replace('#/components/responses/', '');
    const component = name === undefined ? undefined : document.components?.responses?.[name];
    if (name !== undefined && !component) throw new Error(`${operationPointer}/responses/${status}: ${response.$ref} is not in the document`);
    responses[status] = component
      ? { ...component, pointer: `/components/responses/${escapePointer(name!)}` }
      : { ...response, pointer: `${operationPointer}/responses/${status}` };
  }
  return { ...spec, responses };
}

/** A path without its trailing slash: the service answers it with a 308 to the operation's path. */
const withoutTrailingSlash = (path: string) => (path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path);

/**
 * The document's operations, and which one a concrete call is: a literal segment wins
 * over a parameter, and an integer parameter takes digits only (/users/me is not /users/{id}).
 * A path written with a trailing slash is its operation's (answered with a 308).
 */
export class Operations {
  private readonly all: (Operation & { pattern: RegExp; params: number; method: string })[];

  constructor(document: OpenApiDocument) {
    this.all = Object.entries(document.paths).flatMap(([template, item]) =>
      Object.entries(item)
        .filter(([method]) => METHODS.includes(method))
        .map(([method, spec]) => ({
          key: `${method.toUpperCase()} ${template}`,
          template,
          operationId: spec.operationId,
          pointer: `/paths/${escapePointer(template)}/${method}`,
          spec: resolveResponses(document, `/paths/${escapePointer(template)}/${method}`, spec),
          method: method.toUpperCase(),
          params: (template.match(/\{[^}]+\}/g) ?? []).length,
          pattern: templatePattern(template, spec),
        })))
      .sort((a, b) => a.params - b.params);
  }

  /** The operation a call (method, path without the query) is, if the document describes it. */
  match(method: string, path: string): Operation | undefined {
    const canonical = withoutTrailingSlash(path);
    return this.all.find((o) => o.method === method && o.pattern.test(canonical));
  }

  /** The operations of the documented path a concrete path is (any method): where a 405 belongs. */
  onPath(path: string): Operation[] {
    const first = this.all.find((o) => o.pattern.test(path));
    return first ? this.all.filter((o) => o.template === first.template) : [];
  }

  list(): Operation[] {
    return [...this.all].sort((a, b) => a.key.localeCompare(b.key));
  }
}

/** The documented response for a status (exact, then its class "4XX", then "default"), and where it is in the document. */
export function documentedResponse(operation: Operation, status: number): { key: string; spec: ResponseSpec; pointer: string } | undefined {
  const responses = (operation.spec.responses ?? {}) as Record<string, ResponseSpec & { pointer?: string }>;
  for (const key of [String(status), `${String(status)[0]}XX`, 'default']) {
    const spec = responses[key];
    if (spec) return { key, spec, pointer: spec.pointer ?? `${operation.pointer}/responses/${key}` };
  }
  return undefined;
}
