import { randomBytes } from 'node:crypto';
import type { Settings } from '../config/settings.js';
import { startLocal } from './local/index.js';
import { StageClock } from './stages.js';
import type { StartedTarget } from './target.js';

export type { StartedTarget } from './target.js';

/** Picks the target the settings ask for, starts it, and says what it chose and why. */
export async function startTarget(settings: Settings): Promise<StartedTarget> {
  const clock = new StageClock();
  const runId = settings.RUN_ID ?? randomBytes(4).readUInt32BE().toString(36).padStart(6, '0').slice(0, 6);
  const reason = settings.TARGET === 'local' ? 'TARGET=local' : 'TARGET=auto and this is the only target available';
  clock.note(`target: local (${reason}); run id ${runId}`);
  const started = await startLocal(settings, runId, clock);
  clock.note(`local target ready in ${clock.elapsed()}; service logs in reports/logs/`);
  return started;
}
