import { expect, test } from '../fixtures.js';
import { callsIn, coverageMap, mergeCoverage, neverCalled, staleExplanations, statusesNeverSeen, unexplained } from '../../api-clients/openapi/coverage.js';
import { Operations, type OpenApiDocument } from '../../api-clients/openapi/document.js';
import { OpenApiValidator, type ObservedResponse } from '../../api-clients/openapi/validator.js';

// The check of every response against the service's own /openapi.json, and the coverage
// map, on a small document of the test's own and stub responses: each kind of
// disagreement is caught and named, with the JSON path of what broke.

const document: OpenApiDocument = {
  openapi: '3.1.0',
  info: { title: 'stub', version: '1' },
  paths: {
    '/things/{id}': {
      get: {
        operationId: 'getThing',
        parameters: [{ in: 'path', name: 'id', schema: { type: 'integer' } }],
        responses: {
          '200': {
            headers: { ETag: { required: true, schema: { type: 'string' } }, 'X-Total-Count': { schema: { type: 'integer' } } },
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } },
          },
          '404': { content: { 'application/problem+json': { schema: { type: 'object', required: ['title'] } } } },
          '405': { $ref: '#/components/responses/MethodNotAllowed' },
        },
      },
      delete: { operationId: 'deleteThing', responses: { '204': { description: 'gone' }, '405': { $ref: '#/components/responses/MethodNotAllowed' } } },
    },
    '/things/mine': { get: { operationId: 'getMine', responses: { '200': { content: { 'application/json': { schema: { type: 'array' } } } } } } },
  },
  components: {
    schemas: { Thing: { type: 'object', required: ['id', 'name'], properties: { id: { type: 'integer' }, name: { type: 'string' } } } },
    responses: {
      MethodNotAllowed: {
        headers: { Allow: { required: true, schema: { type: 'string', pattern: '^[A-Z, ]+$' } } },
        content: { 'application/problem+json': { schema: { type: 'object', required: ['title'] } } },
      },
    },
  },
} as OpenApiDocument;

const validator = new OpenApiValidator(document);

const ok: ObservedResponse = {
  method: 'GET',
  path: '/things/7',
  status: 200,
  headers: { 'content-type': 'application/json; charset=utf-8', etag: '"1"' },
  text: '{"id":7,"name":"lamp"}',
  json: { id: 7, name: 'lamp' },
};

test.describe('the published contract', () => {
  test('a response that agrees with the document has no violation', () => {
    expect(validator.violations(ok)).toEqual([]);
    expect(validator.violations({ ...ok, method: 'DELETE', status: 204, headers: {}, text: '', json: undefined })).toEqual([]);
  });

  test('a status the operation does not document', () => {
    expect(validator.violations({ ...ok, status: 500 })).toEqual(['status 500 is not documented for this operation (documented: 200, 404, 405)']);
  });

  test('a content type other than the documented one', () => {
    expect(validator.violations({ ...ok, status: 404, headers: { 'content-type': 'application/json' }, json: { title: 'x' } })).toEqual([
      'content type: expected application/problem+json, got application/json',
    ]);
  });

  test('a missing required field, with its JSON path', () => {
    expect(validator.violations({ ...ok, json: { id: 7 }, text: '{"id":7}' })).toEqual(["body: must have required property 'name'"]);
    expect(validator.violations({ ...ok, json: { id: 'seven', name: 'x' } })).toEqual(['body.id: must be integer']);
  });

  test('a missing documented header, and a header of the wrong type', () => {
    expect(validator.violations({ ...ok, headers: { 'content-type': 'application/json' } })).toEqual(['header ETag: required by the document, missing']);
    expect(validator.violations({ ...ok, headers: { ...ok.headers, 'x-total-count': 'many' } })).toEqual(['header X-Total-Count: must be integer']);
  });

  test('a body where the document says there is none', () => {
    expect(validator.violations({ ...ok, method: 'DELETE', status: 204, headers: { 'content-type': 'application/json' }, text: '{}' })).toEqual(['body: the document says no body, got application/json: {}']);
  });

  test("one of the API's own headers sent where the document does not promise it (plumbing such as Date is not the API's)", () => {
    expect(validator.violations({ ...ok, method: 'DELETE', status: 204, headers: { etag: '"2"', 'retry-after': '1', date: 'now' }, text: '' })).toEqual([
      'header etag: sent, but not documented for 204',
      'header retry-after: sent, but not documented for 204',
    ]);
  });

  test('a call is matched to its operation: a literal segment wins, an integer parameter takes digits only', () => {
    const operations = new Operations(document);
    expect(operations.match('GET', '/things/mine')?.operationId).toBe('getMine');
    expect(operations.match('GET', '/things/12')?.operationId).toBe('getThing');
    expect(operations.match('GET', '/things/abc')).toBeUndefined();
    expect(validator.violations({ ...ok, path: '/nothing/here', status: 404 }), 'a call the document does not describe is not judged').toEqual([]);
  });

  test("a response given by reference is checked against the component it names; another method on a path is the path's 405", () => {
    const notAllowed = { ...ok, method: 'PUT', status: 405, headers: { 'content-type': 'application/problem+json', allow: 'GET, DELETE' }, text: '{"title":"x"}', json: { title: 'x' } };
    expect(validator.violations(notAllowed)).toEqual([]);
    expect(validator.violations({ ...notAllowed, headers: { 'content-type': 'application/problem+json', allow: 'get' } })).toEqual(['header Allow: must match pattern "^[A-Z, ]+$"']);
    expect(validator.violations({ ...notAllowed, json: {} })).toEqual(["body: must have required property 'title'"]);
    expect(validator.violations({ ...notAllowed, path: '/nothing' }), 'no documented path, nothing to judge').toEqual([]);
  });

  test('a path written with a trailing slash is its operation (the service answers it with a 308)', () => {
    const operations = new Operations(document);
    expect(operations.match('GET', '/things/7/')?.operationId).toBe('getThing');
    expect(operations.match('GET', '/things/mine/')?.operationId).toBe('getMine');
    expect(operations.match('GET', '/nothing/')).toBeUndefined();
    expect(operations.onPath('/things/7').map((o) => o.operationId).sort()).toEqual(['deleteThing', 'getThing']);
  });

  test("the coverage map counts a path's 405 once, shows it on each operation of the path, and tells explained statuses from unexplained and stale ones", () => {
    const operations = new Operations(document);
    const calls = [
      { operation: undefined, call: 'PUT /things/7', status: 405, ms: 1 },
      { operation: undefined, call: 'POST /things/8', status: 405, ms: 1 },
      { operation: 'GET /things/{id}', call: 'GET /things/7', status: 200, ms: 1 },
    ];
    const explained = { 'GET /things/{id} 404': 'no thing is ever missing', 'GET /things/{id} 200': 'stale: it is seen', 'GET /things/{id} 500': 'not documented' };
    const map = coverageMap(operations, calls, explained);

    expect(map.otherMethods).toEqual({ '/things/{id}': 2 });
    expect(map.operations.map((o) => [o.operation, o.statuses['405']])).toEqual([['DELETE /things/{id}', 2], ['GET /things/{id}', 2], ['GET /things/mine', undefined]]);
    expect(callsIn(map), 'each call once').toBe(3);
    expect(callsIn(mergeCoverage([map, map])), 'and shards add up').toBe(6);
    expect(unexplained(map)).toEqual(['DELETE /things/{id} 204', 'GET /things/mine 200']);
    expect(staleExplanations(map)).toEqual([
      'GET /things/{id} 200: seen in this run, so its explanation no longer holds',
      'GET /things/{id} 500: no documented operation has this status',
    ]);
  });

  test('the coverage map counts every call, lists what was never hit, and shards add up', () => {
    const operations = new Operations(document);
    const shard1 = coverageMap(operations, [
      { operation: 'GET /things/{id}', call: 'GET /things/7', status: 200, ms: 3 },
      { operation: undefined, call: 'GET /admin', status: 404, ms: 1 },
    ]);
    const shard2 = coverageMap(operations, [
      { operation: 'GET /things/{id}', call: 'GET /things/8', status: 200, ms: 4 },
      { operation: 'GET /things/{id}', call: 'GET /things/9', status: 418, ms: 2 },
    ]);

    const whole = mergeCoverage([shard1, shard2]);

    expect(whole.operations.find((o) => o.operation === 'GET /things/{id}')).toMatchObject({ statuses: { '200': 2, '404': 0, '405': 0, '418': 1 }, undocumented: ['418'] });
    expect(whole.undocumentedCalls).toEqual({ 'GET /admin -> 404': 1 });
    expect(neverCalled(whole)).toEqual(['DELETE /things/{id}', 'GET /things/mine']);
    expect(statusesNeverSeen(whole)).toEqual(['DELETE /things/{id} 204', 'DELETE /things/{id} 405', 'GET /things/{id} 404', 'GET /things/{id} 405', 'GET /things/mine 200']);
  });
});
