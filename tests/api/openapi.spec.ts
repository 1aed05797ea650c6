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
