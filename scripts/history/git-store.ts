import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Night } from './night.js';
import { writeNight } from './store.js';

// The history on GitHub: a branch of its own (nightly-history), one small commit a night,
// pushed from a worktree of the repository the workflow checked out (so the push uses its
// credentials). Two nights racing for the branch cannot lose each other's: a push that is
// refused because the branch moved fetches it again, writes its night on top, and tries
// again (night files have names of their own, so a night never overwrites another).

const git = promisify(execFile);
const IDENTITY = ['-c', 'user.name=nightly-history', '-c', 'user.email=nightly-history@users.noreply.github.com'];

export interface Pushed {
  attempts: number;
  commit: string;
  removed: number;
}

/** Records the night on `branch` of `repo`'s remote `origin`, retrying when another push got there first. */
export async function pushNight(repo: string, branch: string, night: Night, options: { keep?: number; attempts?: number; log?: (line: string) => void } = {}): Promise<Pushed> {
  const { keep, attempts = 6, log = () => {} } = options;
  const worktree = path.join(mkdtempSync(path.join(tmpdir(), 'nightly-history-')), 'store');
  const run = (cwd: string, ...args: string[]) => git('git', ['-C', cwd, ...args], { maxBuffer: 16 * 1024 * 1024 });
  const fetchBranch = () => run(repo, 'fetch', '--quiet', 'origin', `+refs/heads/${branch}:refs/remotes/origin/${branch}`).then(() => true, () => false);
  try {
    if (await fetchBranch()) {
      await run(repo, 'worktree', 'add', '--quiet', '--detach', worktree, `origin/${branch}`);
    } else {
      // The first night: the branch starts with no history of its own (nothing of main's code).
      await run(repo, 'worktree', 'add', '--quiet', '--detach', worktree);
      await run(worktree, 'switch', '--quiet', '--orphan', `${branch}-new`);
    }
    for (let attempt = 1; ; attempt++) {
      const { removed } = writeNight(worktree, night, keep);
      await run(worktree, 'add', '--all');
      await run(worktree, ...IDENTITY, 'commit', '--quiet', '-m', `night ${night.runId} (${night.time})`);
      try {
        await run(worktree, 'push', '--quiet', 'origin', `HEAD:refs/heads/${branch}`);
        const commit = (await run(worktree, 'rev-parse', 'HEAD')).stdout.trim();
        return { attempts: attempt, commit, removed: removed.length };
      } catch (err) {
        if (attempt >= attempts) throw new Error(`could not push the night to ${branch} after ${attempt} attempts: ${(err as Error).message.split('\n')[0]}`);
        log(`the push was refused (another night got there first?): fetching ${branch} again, attempt ${attempt + 1} of ${attempts}`);
        // A little jitter, so that two racers do not collide again at once.
        await new Promise((resolve) => setTimeout(resolve, 50 + Math.floor(Math.random() * 200) * attempt));
        if (!(await fetchBranch())) throw new Error(`${branch} could not be fetched from origin: ${(err as Error).message.split('\n')[0]}`, { cause: err });
        await run(worktree, 'reset', '--quiet', '--hard', `origin/${branch}`);
      }
    }
  } finally {
    await run(repo, 'worktree', 'remove', '--force', worktree).catch(() => {});
    await run(repo, 'branch', '--quiet', '-D', `${branch}-new`).catch(() => {});
    rmSync(path.dirname(worktree), { recursive: true, force: true });
  }
}
