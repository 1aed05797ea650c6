import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import type { Readable } from 'node:stream';
import type { Reaper } from '../reaper.js';
import { waitForHttpOk } from '../wait.js';
import { isRunning, stopChild } from './child.js';

/** The file descriptor on which a service started with PORT=0 reports the URL it listens on. */
const ADDRESS_FD = 3;

/**
 * One of this repo's Node services (built to plain JavaScript by buildService) run as a
 * child process in its own process group, logging to a file. It can be stopped,
 * killed and started again, which the integrity tests use.
 *
 * Ports cannot collide: the first start binds port 0 and the service reports the port
 * the kernel gave it (on ADDRESS_FD); a restart binds that same port again.
 */
export class NodeService {
  private child: ChildProcess | undefined;
  private port = 0;
  private address: Promise<string> | undefined;
  private knownUrl: string | undefined;

  constructor(
    private readonly options: {
      name: string;
      entry: string;
      env: Record<string, string>;
      logFile: string;
      reaper: Reaper;
    },
  ) {}

  /** Where it listens; known once listening() resolved. */
  get url(): string {
    if (!this.knownUrl) throw new Error(`${this.options.name} has not reported its address yet: await listening() first`);
    return this.knownUrl;
  }

  /** The process id, to tell a restart from the same process answering. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return isRunning(this.child);
  }

  /** The environment it runs with (or will, at its next start). */
  get env(): Readonly<Record<string, string>> {
    return this.options.env;
  }

  /** Starts the process; `settings` change its environment from this start on (a restart with other settings). */
  start(settings: Record<string, string> = {}): void {
    Object.assign(this.options.env, settings);
    const log = openSync(this.options.logFile, 'a');
    const child = spawn(process.execPath, ['--enable-source-maps', this.options.entry], {
      detached: true,
      stdio: ['ignore', log, log, 'pipe'],
      env: {
        // __STRYKER_ACTIVE_MUTANT__: the mutant a mutation run tests (npm run mutation).
        ...pick(process.env, ['PATH', 'HOME', 'TMPDIR', 'LANG', '__STRYKER_ACTIVE_MUTANT__']),
        NODE_ENV: 'test',
        ...this.options.env,
        PORT: String(this.port),
        ADDRESS_REPORT_FD: String(ADDRESS_FD),
      },
    });
    closeSync(log);
    this.child = child;
    this.options.reaper.watchGroup(child.pid!);
    this.address = new Promise((resolve, reject) => {
      let text = '';
      (child.stdio[ADDRESS_FD] as Readable).on('data', (chunk: Buffer) => {
        text += chunk.toString();
        if (text.includes('\n')) resolve(text.trim());
      });
      child.once('exit', (code, signal) =>
        reject(new Error(`${this.options.name} exited (${signal ?? code}) before it listened; see ${this.options.logFile}`)));
    });
    this.address.catch(() => {}); // waited on by listening(); a crash later is not unhandled
  }

  /** Waits until the service listens, and returns its URL. */
  async listening(): Promise<string> {
    if (!this.address) throw new Error(`${this.options.name} was not started`);
    this.knownUrl = await this.address;
    this.port = Number(new URL(this.knownUrl).port);
    return this.knownUrl;
  }

  async waitReady(timeoutMs = 30_000): Promise<void> {
    const child = this.child;
    await waitForHttpOk(`${await this.listening()}/ready`, {
      timeoutMs,
      abort: () =>
        child && !isRunning(child) ? `${this.options.name} exited (${child.signalCode ?? child.exitCode}) before it was ready; see ${this.options.logFile}` : undefined,
    });
  }

  /** Stopped (if running) and started with exactly this environment, then ready. */
  async restartWith(env: Record<string, string>): Promise<void> {
    await this.stop();
    this.options.env = { ...env };
    this.start();
    await this.waitReady();
  }

  /** SIGTERM (graceful) or SIGKILL (a crash), then waits for the process to be gone. */
  async stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    if (!isRunning(this.child)) return;
    await stopChild(this.child!, signal, { graceMs: 5_000, group: true });
    this.options.reaper.forgetGroup(this.child!.pid!);
  }
}

function pick(env: NodeJS.ProcessEnv, keys: string[]): Record<string, string> {
  return Object.fromEntries(keys.flatMap((k) => (env[k] === undefined ? [] : [[k, env[k]]])));
}
