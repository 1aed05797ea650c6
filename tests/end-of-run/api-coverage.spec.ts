import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { callLogDir, readCallLogs } from '../../api-clients/openapi/call-log.js';
import { callsIn, coverageMap, coverageMarkdown, neverCalled, staleExplanations, unexplained } from '../../api-clients/openapi/coverage.js';
import { Operations } from '../../api-clients/openapi/document.js';
import { readDocument } from '../../api-clients/openapi/published.js';
import { reportsDir } from '../../config/paths.js';
import { requires } from '../../config/capabilities.js';
import { expect, test } from '../../fixtures/index.js';

// The API coverage map of this run (or shard): every operation and status shop-api
// documents, with how many calls hit it, and every call the document does not describe.
// Attached here and written to reports/api-coverage.json (and .md); the maps of shards
// add up (npm run api-coverage -- merge ...). A documented status that no test can make
// shop-api answer, even on a private stack, is explained in unreachable-statuses.json
// beside this file; a whole run fails on a status neither seen nor explained.

/** "METHOD /path STATUS": why no test can produce it from outside. */
const EXPLAINED: Record<string, string> = JSON.parse(readFileSync(path.join(import.meta.dirname, 'unreachable-statuses.json'), 'utf8')) as Record<string, string>;

test.describe('API coverage', { tag: '@invariant' }, () => {
  test('the map of every documented operation and status, with the calls that hit each', async ({ settings }) => {
    const reports = reportsDir(settings);
    const calls = readCallLogs(callLogDir(reports));
    const map = coverageMap(new Operations(readDocument(reports)), calls, EXPLAINED);
    const markdown = coverageMarkdown(map);
    writeFileSync(path.join(reports, 'api-coverage.json'), `${JSON.stringify(map, null, 2)}\n`);
    writeFileSync(path.join(reports, 'api-coverage.md'), markdown);
    await test.info().attach('API coverage map', { body: markdown, contentType: 'text/plain' });
    test.info().annotations.push({ type: 'API coverage', description: markdown.split('\n')[0]!.replace(/^# API coverage: /, '') });

    expect(callsIn(map), 'every call of the run is in the map, once').toBe(calls.length);
  });

  test('a whole run, on a target the suite started, calls every documented operation and sees every documented status it can', async ({ settings, manifest }, testInfo) => {
    // On a shared environment some tests skip for what it lacks, so not every operation is called.
    requires(testInfo, manifest, 'wholeRun', 'ownServices');
    const reports = reportsDir(settings);
    const map = coverageMap(new Operations(readDocument(reports)), readCallLogs(callLogDir(reports)), EXPLAINED);

    await testInfo.attach('documented statuses no call got, unexplained', { body: `${unexplained(map).join('\n')}\n`, contentType: 'text/plain' });
    expect(neverCalled(map), 'documented operations no test called').toEqual([]);
    expect(unexplained(map), `documented statuses no test produced: make a test produce each, or say in ${path.join('tests/end-of-run', 'unreachable-statuses.json')} why none can`).toEqual([]);
    expect(staleExplanations(map), 'explanations in unreachable-statuses.json that no longer hold').toEqual([]);
  });
});
