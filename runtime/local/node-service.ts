import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import type { Reaper } from '../reaper.js';
import { waitForHttpOk } from '../wait.js';

/**
 * One of this repo's Node services (built to plain JavaScript by buildService) run as a
 * child process in its own process group, logging to a file. It can be stopped,
 * killed and started again, which the integrity tests use.
 */
export class NodeService {
  private child: ChildProcess | undefined;

  constructor(
    private readonly options: {
      name: string;
      entry: string;
      env: Record<string, string>;
      url: string;
      logFile: string;
      reaper: Reaper;
    },
  ) {}

  get url(): string {
    return this.options.url;
  }

  /** The process id, to tell a restart from the same process answering. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  start(): void {
    const log = openSync(this.options.logFile, 'a');
    this.child = spawn(process.execPath, ['--enable-source-maps', this.options.entry], {
      detached: true,
      stdio: ['ignore', log, log],
      env: { ...pick(process.env, ['PATH', 'HOME', 'TMPDIR', 'LANG']), NODE_ENV: 'test', ...this.options.env },
    });
    closeSync(log);
    this.options.reaper.watchGroup(this.child.pid!);
  }

  async waitReady(timeoutMs = 30_000): Promise<void> {
    const child = this.child;
    await waitForHttpOk(`${this.options.url}/ready`, {
      timeoutMs,
      abort: () =>
        child && (child.exitCode !== null || child.signalCode !== null)
          ? `${this.options.name} exited (${child.signalCode ?? child.exitCode}) before it was ready; see ${this.options.logFile}`
          : undefined,
    });
  }

  /** SIGTERM (graceful) or SIGKILL (a crash), then waits for the process to be gone. */
  async stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    killGroup(child.pid!, signal);
    const timer = setTimeout(() => killGroup(child.pid!, 'SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
    this.options.reaper.forgetGroup(child.pid!);
  }
}

function killGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // already gone
  }
}

function pick(env: NodeJS.ProcessEnv, keys: string[]): Record<string, string> {
  return Object.fromEntries(keys.flatMap((k) => (env[k] === undefined ? [] : [[k, env[k]]])));
}
