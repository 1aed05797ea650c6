import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { REMOTE_ONLY, type Settings } from '../config/settings.js';
import { startContainers } from './containers/index.js';
import { buildServices, startLocal } from './local/index.js';
import { startRemote } from './remote.js';
import { chooseTarget } from './select.js';
import { seconds, StageClock } from './stages.js';
import type { StartedTarget } from './target.js';

export type { StartedTarget } from './target.js';
export { TargetError } from './select.js';

/** Picks the target the settings ask for (and says which and why), then starts it. */
export async function startTarget(settings: Settings, paths: { root: string; reportsDir: string }): Promise<StartedTarget> {
  const clock = new StageClock();
  const runId = settings.RUN_ID ?? randomBytes(4).readUInt32BE().toString(36).padStart(6, '0').slice(0, 6);
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
  const started =
    choice.target === 'local'
      ? await startLocal(settings, runId, clock, logsDir)
      : choice.target === 'containers'
        ? await startContainers(settings, runId, clock, { root: paths.root, logsDir })
        : await startRemote(settings, runId, clock);
  clock.note(`${choice.target} target ready in ${seconds(performance.now() - t0)}${choice.target === 'remote' ? '' : `; service logs in ${path.relative(paths.root, logsDir)}/`}`);
  return started;
}
