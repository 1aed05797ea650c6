// @ts-nocheck
import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('./reaper-process.mjs', import.meta.url));

/**
 * Handle on the reaper process (see reaper-process.mjs): whatever is registered here is
 * killed or removed if this process dies before calling release().
 */
export class Reaper {
  private readonly child: ChildProcess;

  constructor() {
    this.child = spawn(process.execPath, [SCRIPT], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
    this.child.unref();
    // The pipe must not keep this process alive either; it only has to exist while we do.
    (this.child.stdin as Socket).unref();
  }

  private send(message: Record<string, unknown>): void {
    this.child.stdin?.write(`${JSON.stringify(message)}\n`);
  }

  /** A process group (a detached child's pid) to kill if we die. */
  watchGroup(pgid: number): void {
    this.send({ group: pgid });
  }

  forgetGroup(pgid: number): void {
    this.send({ forgetGroup: pgid });
  }

  /** A directory to remove if we die. */
  watchDir(dir: string): void {
    this.send({ dir });
  }

  forgetDir(dir: string): void {
    this.send({ forgetDir: dir });
  }

  /** Everything was cleaned up normally: let the reaper exit without acting. */
  release(): void {
    this.send({ release: true });
    this.child.stdin?.end();
  }
}
