import path from 'node:path';
import { lintFromString, loadConfig } from '@redocly/openapi-core';
import { expect, test } from '../../fixtures/index.js';

// shop-api's published document, linted as it is served (not as the source would
// generate it) with Redocly's recommended rules as the repo's redocly.yaml adjusts them.

const CONFIG = path.resolve(import.meta.dirname, '../../redocly.yaml');

/** Every problem Redocly finds in the document, one line each: severity, rule, message, JSON pointer. */
async function lint(source: string): Promise<string[]> {
  const config = await loadConfig({ configPath: CONFIG });
  const problems = await lintFromString({ source, absoluteRef: '/openapi.json', config });
  return problems
    .filter((problem) => !problem.ignored)
    .map((problem) => `${problem.severity} ${problem.ruleId}: ${problem.message} at ${problem.location[0]?.pointer ?? '(document)'}`);
}

test.describe('openapi document', { tag: '@protocol' }, () => {
  test('the live /openapi.json passes the Redocly lint with no error and no warning', async ({ api }) => {
    const response = await api.health.openapi();
    expect(response.status).toBe(200);

    const found = await lint(response.text);

    expect(found, `Redocly found ${found.length} problem(s) in /openapi.json:\n${found.join('\n')}`).toEqual([]);
  });

  test('the lint is not vacuous: a problem served as plain JSON, a missing operationId and an operation without a tag are caught', async ({ api }) => {
    const document = JSON.parse((await api.health.openapi()).text) as {
      paths: Record<string, Record<string, { operationId?: string; tags?: string[]; responses: Record<string, { content?: Record<string, unknown> }> }>>;
    };
    const getProduct = document.paths['/products/{id}']!.get!;
    getProduct.responses['404']!.content = { 'application/json': getProduct.responses['404']!.content!['application/problem+json'] };
    delete getProduct.operationId;
    getProduct.tags = [];

    const found = await lint(JSON.stringify(document));

    expect(found).toHaveLength(3);
    expect(found).toEqual(expect.arrayContaining([
      expect.stringMatching(/^error operation-4xx-problem-details-rfc7807: .* at #\/paths\/~1products~1\{id\}\/get\/responses\/404$/),
      expect.stringMatching(/^warn operation-operationId: .* at #\/paths\/~1products~1\{id\}\/get\/operationId$/),
      expect.stringMatching(/^error rule\/operation-has-a-tag: .* at #\/paths\/~1products~1\{id\}\/get\/tags$/),
    ]));
  });
});

type Schema = { $ref?: string; type?: string; oneOf?: Schema[]; anyOf?: Schema[]; allOf?: Schema[]; items?: Schema; properties?: Record<string, Schema> };
type Response = { $ref?: string; description?: string; headers?: Record<string, { required?: boolean }>; content?: Record<string, { schema: Schema }> };
type Document = {
  paths: Record<string, Record<string, { summary?: string; responses: Record<string, Response> }>>;
  components: { schemas: Record<string, Schema>; responses?: Record<string, Response> };
};

/** Every documented response: where it is ("GET /products 200"), its status, and what it says. */
function* responsesOf(document: Document): Generator<{ where: string; status: string; response: Response }> {
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const [method, { responses }] of Object.entries(operations)) {
      for (const [status, response] of Object.entries(responses)) yield { where: `${method.toUpperCase()} ${path} ${status}`, status, response };
    }
  }
}

const jsonBody = (response: Response): Schema | undefined => response.content?.['application/json']?.schema;

/** Where a schema, or any schema inside it, has a property that does not say what it holds (no type, const, enum or reference). */
function vagueProperties(schema: Schema, where: string): string[] {
  const says = (s: Schema) => ['type', 'const', 'enum', '$ref', 'oneOf', 'anyOf', 'allOf'].some((key) => key in s);
  return [
    ...Object.entries(schema.properties ?? {}).flatMap(([name, property]) => [...(says(property) ? [] : [`${where}.${name}`]), ...vagueProperties(property, `${where}.${name}`)]),
    ...(schema.items ? vagueProperties(schema.items, `${where}[]`) : []),
    ...[...(schema.oneOf ?? []), ...(schema.anyOf ?? []), ...(schema.allOf ?? [])].flatMap((s, i) => vagueProperties(s, `${where}|${i}`)),
  ];
}

/**
 * The headers API.md's conventions promise, as the document must promise them: lists send
 * X-Total-Count, a resource that always carries `version` sends ETag, 401 WWW-Authenticate,
 * 429 Retry-After. Returns what it checked and what the document leaves out.
 */
function promisedHeaders(document: Document): { checked: string[]; missing: string[] } {
  const resolve = (schema: Schema): Schema => (schema.$ref ? document.components.schemas[schema.$ref.split('/').at(-1)!]! : schema);
  const alwaysVersioned = (schema: Schema): boolean => {
    const s = resolve(schema);
    return s.oneOf ? s.oneOf.every(alwaysVersioned) : s.properties?.version !== undefined;
  };
  const checked: string[] = [];
  const missing: string[] = [];
  for (const { where, status, response } of responsesOf(document)) {
    const body = jsonBody(response);
    const header =
      status === '401' ? 'WWW-Authenticate'
      : status === '429' ? 'Retry-After'
      : !status.startsWith('2') || !body ? undefined
      : resolve(body).type === 'array' ? 'X-Total-Count'
      : alwaysVersioned(body) ? 'ETag'
      : undefined;
    if (!header) continue;
    checked.push(`${where} ${header}`);
    if (response.headers?.[header]?.required !== true) missing.push(`${where} ${header}`);
  }
  return { checked, missing };
}

test.describe('openapi document, against API.md', { tag: '@protocol' }, () => {
  test("the document promises every header API.md's conventions promise, as always sent", async ({ api }) => {
    const { checked, missing } = promisedHeaders(JSON.parse((await api.health.openapi()).text) as Document);

    expect(checked, 'the lists and the versioned resources API.md names are all there to check').toEqual(expect.arrayContaining([
      'GET /products 200 X-Total-Count', 'GET /users 200 X-Total-Count', 'GET /orders 200 X-Total-Count',
      'POST /auth/register 201 ETag', 'GET /users/me 200 ETag', 'GET /products/{id} 200 ETag', 'PATCH /products/{id} 200 ETag',
      'POST /auth/logout 401 WWW-Authenticate', 'POST /auth/login 429 Retry-After',
    ]));
    expect(missing, 'documented without the header, or with it as optional').toEqual([]);
  });

  test('every property of every documented body says what it holds: a type, a const, an enum or a reference', async ({ api }) => {
    const document = JSON.parse((await api.health.openapi()).text) as Document;
    const bodies = [
      ...Object.entries(document.components.schemas).map(([name, schema]) => ({ where: `#/components/schemas/${name}`, schema })),
      ...[...responsesOf(document)].flatMap(({ where, response }) => Object.values(response.content ?? {}).map(({ schema }) => ({ where, schema }))),
    ];

    expect(bodies.length, 'the schemas and bodies to check').toBeGreaterThan(30);
    expect(bodies.flatMap(({ where, schema }) => vagueProperties(schema, where)), 'properties described by nothing (any value would pass)').toEqual([]);
  });

  test('every operation has a summary of its own, and every response says what it means', async ({ api }) => {
    const document = JSON.parse((await api.health.openapi()).text) as Document;
    const summaries = Object.entries(document.paths).flatMap(([path, operations]) => Object.entries(operations).map(([method, o]) => ({ at: `${method.toUpperCase()} ${path}`, summary: o.summary ?? '' })));
    const shared = summaries.filter((o) => !o.summary || summaries.some((other) => other !== o && other.summary === o.summary)).map((o) => `${o.at}: ${JSON.stringify(o.summary)}`);
    const responses = [
      ...[...responsesOf(document)].filter(({ response }) => !response.$ref),
      ...Object.entries(document.components.responses ?? {}).map(([name, response]) => ({ where: `#/components/responses/${name}`, response })),
    ];

    expect(shared, 'operations without a summary, or with the same one as another').toEqual([]);
    // @fastify/swagger fills an empty description with its own 'Default Response': that is no description either.
    expect(responses.filter(({ response }) => !response.description?.trim() || response.description === 'Default Response').map(({ where }) => where), 'responses without a description of their own').toEqual([]);
  });

  test('every list says what it holds: its items are one of the documented resources', async ({ api }) => {
    const document = JSON.parse((await api.health.openapi()).text) as Document;
    const lists = [...responsesOf(document)]
      .filter(({ status, response }) => status.startsWith('2') && jsonBody(response)?.type === 'array')
      .map(({ where, response }) => ({ list: where, items: jsonBody(response)!.items?.$ref ?? '(anything)' }));

    expect(lists.map((l) => l.list)).toEqual(expect.arrayContaining(['GET /products 200', 'GET /users 200', 'GET /orders 200']));
    for (const { list, items } of lists) expect(items, `${list}: items`).toMatch(/^#\/components\/schemas\/\w+$/);
  });
});
