// @ts-nocheck
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';

/** Whether a child process is still running. */
export const isRunning = (child: ChildProcess | undefined): boolean =>
  child !== undefined && child.exitCode === null && child.signalCode === null;

/**
 * Sends `signal` to the child (to its whole process group, with `group`), SIGKILL after
 * graceMs, and waits until it is gone.
 */
export async function stopChild(child: ChildProcess, signal: NodeJS.Signals, { graceMs, group }: { graceMs: number; group: boolean }): Promise<void> {
  if (!isRunning(child)) return;
  const exited = once(child, 'exit');
  const kill = (s: NodeJS.Signals) => {
    try {
      process.kill(group ? -child.pid! : child.pid!, s);
    } catch {
      // already gone
    }
  };
  kill(signal);
  const timer = setTimeout(() => kill('SIGKILL'), graceMs);
  await exited.finally(() => clearTimeout(timer));
}

/** The last lines of a log, for an error message. */
export function tail(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
