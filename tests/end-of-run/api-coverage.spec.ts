import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { callLogDir, readCallLogs } from '../../api-clients/openapi/call-log.js';
import { coverageMap, coverageMarkdown, neverCalled, statusesNeverSeen } from '../../api-clients/openapi/coverage.js';
import { Operations } from '../../api-clients/openapi/document.js';
import { readDocument } from '../../api-clients/openapi/published.js';
import { reportsDir } from '../../config/paths.js';
import { requires } from '../../config/capabilities.js';
import { expect, test } from '../../fixtures/index.js';

// The API coverage map of this run (or shard): every operation and status shop-api
// documents, with how many calls hit it, and every call the document does not describe.
// Attached here and written to reports/api-coverage.json (and .md); the maps of shards
// add up (npm run api-coverage -- merge ...).

test.describe('API coverage', { tag: '@invariant' }, () => {
  test('the map of every documented operation and status, with the calls that hit each', async ({ settings }) => {
    const reports = reportsDir(settings);
    const calls = readCallLogs(callLogDir(reports));
    const map = coverageMap(new Operations(readDocument(reports)), calls);
    const markdown = coverageMarkdown(map);
    writeFileSync(path.join(reports, 'api-coverage.json'), `${JSON.stringify(map, null, 2)}\n`);
    writeFileSync(path.join(reports, 'api-coverage.md'), markdown);
    await test.info().attach('API coverage map', { body: markdown, contentType: 'text/plain' });
    test.info().annotations.push({ type: 'API coverage', description: markdown.split('\n')[0]!.replace(/^# API coverage: /, '') });

    const counted = map.operations.reduce((sum, o) => sum + Object.values(o.statuses).reduce((a, b) => a + b, 0), 0) + Object.values(map.undocumentedCalls).reduce((a, b) => a + b, 0);
    expect(counted, 'every call of the run is in the map, once').toBe(calls.length);
  });

  test('a whole run, on a target the suite started, calls every documented operation', async ({ settings, manifest }, testInfo) => {
    // On a shared environment some tests skip for what it lacks, so not every operation is called.
    requires(testInfo, manifest, 'wholeRun', 'ownServices');
    const reports = reportsDir(settings);
    const map = coverageMap(new Operations(readDocument(reports)), readCallLogs(callLogDir(reports)));

    await testInfo.attach('documented statuses no call got', { body: `${statusesNeverSeen(map).join('\n')}\n`, contentType: 'text/plain' });
    expect(neverCalled(map), 'documented operations no test called').toEqual([]);
  });
});
