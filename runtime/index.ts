import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { newRunId } from '../config/run-marks.js';
import { REMOTE_ONLY, type Settings } from '../config/settings.js';
import { prepareRawCoverage, rawCoverageDir } from './coverage.js';
import { startLocal } from './local/index.js';
import { buildServices } from './services.js';
import { callLogDir } from '../api-clients/openapi/call-log.js';
import { documentFile, saveDocument } from '../api-clients/openapi/published.js';
import { startRemote } from './remote.js';
import { chooseTarget, TargetError } from './select.js';
import { seconds, StageClock } from './stages.js';
import type { StartedTarget } from './target.js';

export type { StartedTarget } from './target.js';
export { TargetError } from './select.js';

/** Picks the target the settings ask for (and says which and why), then starts it. */
export async function startTarget(settings: Settings, paths: { root: string; reportsDir: string }): Promise<StartedTarget> {
  const clock = new StageClock();
  const runId = settings.RUN_ID ?? newRunId();
  const choice = await clock.stage('target', () => chooseTarget(settings), (c) => `${c.target}, because ${c.reason}; run id ${runId}`);
  const ignored = REMOTE_ONLY.filter((key) => settings[key] !== undefined);
  if (choice.target !== 'remote' && ignored.length > 0) clock.note(`${ignored.join(', ')}: only the remote target reads these; ignored`);

  const logsDir = path.join(paths.reportsDir, 'logs');
  rmSync(logsDir, { recursive: true, force: true }); // this run's logs only
  mkdirSync(logsDir, { recursive: true });
  // Every run builds the services: the local target runs them, and so do the private
  // stacks some tests start, whatever the target.
  const t0 = performance.now();
  await clock.stage('build', buildServices, () => 'services transpiled to dist/');
  // Where the suite starts services (the target's and private stacks), they run under coverage.
  const coverageDir = choice.target === 'remote' ? undefined : rawCoverageDir(settings);
  if (coverageDir) prepareRawCoverage(coverageDir);
  // The containers target loads Testcontainers, which the other targets never need.
  let started: StartedTarget;
  try {
    started =
      choice.target === 'local'
        ? await startLocal(settings, runId, clock, { logsDir, coverageDir })
        : choice.target === 'containers'
          ? await (await import('./containers/index.js')).startContainers(settings, runId, clock, { root: paths.root, logsDir, coverageDir })
          : await startRemote(settings, runId, clock);
  } catch (err) {
    throw err instanceof TargetError ? err : new TargetError(`The ${choice.target} target could not start: ${(err as Error).message}${hint(choice.target, err as Error)}`, { cause: err });
  }
  started.coverageDir = coverageDir;
  clock.note(`${choice.target} target ready in ${seconds(performance.now() - t0)}${choice.target === 'remote' ? '' : `; service logs in ${path.relative(paths.root, logsDir)}/`}`);
  // What shop-api publishes about itself: every response is checked against it, and the
  // coverage map is made of its operations. Fetched once per run; calls of earlier runs go.
  rmSync(callLogDir(paths.reportsDir), { recursive: true, force: true });
  await clock.stage('openapi', () => saveDocument(started.manifest.baseUrl, paths.reportsDir), (n) => `${n} operations in ${path.relative(paths.root, documentFile(paths.reportsDir))}`);
  return started;
}

/** What to do next, for the failures people meet most. */
function hint(target: string, err: Error): string {
  if (target === 'containers' && /registry|pull|manifest unknown|no such host/i.test(err.message)) {
    return '\nNo container registry answers here: build the base images locally (../shared/tools/docker-rig/setup.sh on a machine without one), or run with TARGET=local.';
  }
  return `\nService logs, if any: ${target === 'remote' ? '(none: nothing was started)' : 'reports/logs/'}.`;
}
