import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '../fixtures.js';
import { writeRun } from '../history-nights.js';
import { runScript } from '../run-suite.js';

// The history's store on GitHub is a branch of its own, nightly-history. Proven here on a
// local bare repository standing in for GitHub: the nightly's step (npm run history --
// push) makes the branch with its first night, and two nights pushing at the same moment
// from two checkouts both land, the later one fetching and trying again.

const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-C', cwd, ...args], { encoding: 'utf8' }).trim();

/** A checkout of `origin` with one commit of "main" in it, as a workflow's checkout is. */
function checkout(origin: string, into: string): string {
  execFileSync('git', ['clone', '--quiet', origin, into], { stdio: 'pipe' });
  return into;
}

test('npm run history -- push: the first night makes the branch; two nights racing for it both land', async () => {
  const work = mkdtempSync(path.join(tmpdir(), 'history-store-'));
  const origin = path.join(work, 'origin.git');
  execFileSync('git', ['init', '--quiet', '--bare', '--initial-branch', 'main', origin]);
  const seed = checkout(origin, path.join(work, 'seed'));
  writeFileSync(path.join(seed, 'README.md'), 'the repository\n');
  git(seed, 'add', '.');
  git(seed, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '--quiet', '-m', 'main');
  git(seed, 'push', '--quiet', 'origin', 'HEAD:main');

  const run = (n: number) => writeRun(path.join(work, `run-${n}`), `night${n}`, [{ file: 'api/cart.spec.ts', title: 'adds a line', outcome: 'passed' }], new Date(Date.UTC(2026, 11, n, 3, 17)));
  const push = (repo: string, n: number) => runScript('scripts/history/main.ts', ['push', run(n), '--repo', repo]);

  const first = await push(checkout(origin, path.join(work, 'first')), 1);
  expect(first.code, first.stderr).toBe(0);
  expect(first.stderr).toMatch(/night night1 pushed to nightly-history as \w+ \(attempt 1\)/);

  // Every push now takes a second at the "server" (a pre-receive hook), so that two nights
  // started together are both mid-push at once: the one that lands second was refused.
  writeFileSync(path.join(origin, 'hooks', 'pre-receive'), '#!/bin/sh\ncat > /dev/null\nsleep 1\n', { mode: 0o755 });
  const [a, b] = await Promise.all([push(checkout(origin, path.join(work, 'a')), 2), push(checkout(origin, path.join(work, 'b')), 3)]);
  expect([a.code, b.code], a.stderr + b.stderr).toEqual([0, 0]);
  expect(a.stderr + b.stderr, 'one of them was refused, fetched the branch again and tried again').toMatch(/pushed to nightly-history as \w+ \(attempt [2-9]\)/);

  const files = git(origin, 'ls-tree', '-r', '--name-only', 'nightly-history').split('\n');
  expect(files, 'every night is on the branch, and nothing of main').toEqual([
    'nights/2026-12-01T03-17-00-000Z-night1.jsonl',
    'nights/2026-12-02T03-17-00-000Z-night2.jsonl',
    'nights/2026-12-03T03-17-00-000Z-night3.jsonl',
  ]);
  expect(git(origin, 'rev-list', '--count', 'nightly-history'), 'one commit a night').toBe('3');
  expect(git(origin, 'log', '--format=%s', 'nightly-history').split('\n')).toEqual(expect.arrayContaining(['night night2 (2026-12-02T03:17:00.000Z)']));
});
