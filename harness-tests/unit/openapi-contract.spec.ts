import { expect, test } from '../fixtures.js';
import { coverageMap, mergeCoverage, neverCalled, statusesNeverSeen } from '../../api-clients/openapi/coverage.js';
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
        },
      },
      delete: { operationId: 'deleteThing', responses: { '204': { description: 'gone' } } },
    },
    '/things/mine': { get: { operationId: 'getMine', responses: { '200': { content: { 'application/json': { schema: { type: 'array' } } } } } } },
  },
  components: { schemas: { Thing: { type: 'object', required: ['id', 'name'], properties: { id: { type: 'integer' }, name: { type: 'string' } } } } },
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
    expect(validator.violations({ ...ok, status: 500 })).toEqual(['status 500 is not documented for this operation (documented: 200, 404)']);
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
    expect(validator.violations({ ...ok, method: 'DELETE', status: 204, text: '{}' })).toEqual(['body: the document says no body, got application/json: {}']);
  });

  test('a call is matched to its operation: a literal segment wins, an integer parameter takes digits only', () => {
    const operations = new Operations(document);
    expect(operations.match('GET', '/things/mine')?.operationId).toBe('getMine');
    expect(operations.match('GET', '/things/12')?.operationId).toBe('getThing');
    expect(operations.match('GET', '/things/abc')).toBeUndefined();
    expect(validator.violations({ ...ok, path: '/nothing/here', status: 404 }), 'a call the document does not describe is not judged').toEqual([]);
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

    expect(whole.operations.find((o) => o.operation === 'GET /things/{id}')).toMatchObject({ statuses: { '200': 2, '404': 0, '418': 1 }, undocumented: ['418'] });
    expect(whole.undocumentedCalls).toEqual({ 'GET /admin -> 404': 1 });
    expect(neverCalled(whole)).toEqual(['DELETE /things/{id}', 'GET /things/mine']);
    expect(statusesNeverSeen(whole)).toEqual(['DELETE /things/{id} 204', 'GET /things/{id} 404', 'GET /things/mine 200']);
  });
});
