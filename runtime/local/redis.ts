import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { accessSync, closeSync, constants, mkdtempSync, openSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Reaper } from '../reaper.js';
import { pollUntil } from '../wait.js';
import { isRunning, stopChild, tail } from './child.js';
import { scratchParentDir } from './temp-dir.js';

const INSTALL_HINT = 'install one (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis) or set REDIS_SERVER_BIN';

/**
 * The machine's redis-server, the one place that looks for it: `bin` (REDIS_SERVER_BIN)
 * when given, else the first on PATH; or, where there is none, why, in one line.
 */
export function findRedisServer(bin?: string): { path: string; missing?: undefined } | { path?: undefined; missing: string } {
  const candidates = bin ? [bin] : (process.env.PATH ?? '').split(path.delimiter).filter(Boolean).map((dir) => path.join(dir, 'redis-server'));
  const found = candidates.find((file) => {
    try {
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
  if (found) return { path: found };
  return { missing: bin ? `REDIS_SERVER_BIN=${bin} is not an executable file` : `no redis-server on PATH: ${INSTALL_HINT}` };
}

/**
 * A throw-away Redis: the machine's redis-server (no npm package ships one) on a unix
 * socket in a fresh temp dir, with no persistence. TCP is off (--port 0), so parallel
 * stacks cannot collide on a port, and the socket path never changes across restarts, so
 * clients reconnect to the same url. stop()/start() restart it empty; pause()/resume()
 * freeze it with its data (SIGSTOP/SIGCONT), as a server that stops answering.
 */
export class LocalRedis {
  private readonly binary: string;
  private readonly root: string;
  private readonly socket: string;
  private server: ChildProcess | undefined;
  private paused = false;

  /** `bin`: the redis-server to run (findRedisServer). */
  constructor(private readonly options: { logFile: string; reaper: Reaper; name: string; bin: string }) {
    this.binary = options.bin;
    this.root = mkdtempSync(path.join(scratchParentDir(), `${options.name}-redis-`));
    options.reaper.watchDir(this.root);
    this.socket = path.join(this.root, 'redis.sock');
    // sockaddr_un holds 108 bytes on Linux, 104 on macOS.
    if (Buffer.byteLength(this.socket) > 100) {
      this.destroyDir();
      throw new Error(`Cannot start a local Redis: its socket path would be too long (${this.socket}); set TMPDIR to a shorter directory.`);
    }
  }

  /** unix:///path/to/redis.sock: what REDIS_URL is set to (node-redis reads it). */
  get url(): string {
    return `unix://${this.socket}`;
  }

  get socketPath(): string {
    return this.socket;
  }

  get running(): boolean {
    return isRunning(this.server);
  }

  /** Starts the server (in its own process group) and waits until it answers PING. */
  async start(): Promise<void> {
    if (this.running) return;
    const log = openSync(this.options.logFile, 'a');
    const server = spawn(this.binary, [
      '--port', '0', '--unixsocket', this.socket, '--unixsocketperm', '700', '--dir', this.root,
      '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'warning',
    ], { detached: true, stdio: ['ignore', log, log] });
    closeSync(log);
    this.server = server;
    this.paused = false;
    this.options.reaper.watchGroup(server.pid!);
    let exited: string | undefined;
    server.once('exit', (code, signal) => {
      exited = `redis-server exited (${signal ?? code}); see ${this.options.logFile}:\n${tail(this.options.logFile)}`;
    });
    await pollUntil('redis', async () => {
      const reply = await ping(this.socket);
      return { done: reply === '+PONG', seen: reply };
    }, { timeoutMs: 30_000, intervalMs: 20, abort: () => exited });
  }

  /** Stops answering, keeping its data and connections (SIGSTOP). */
  pause(): void {
    if (!this.running || this.paused) return;
    this.server!.kill('SIGSTOP');
    this.paused = true;
  }

  /** Answers again, everything that waited is served (SIGCONT). */
  resume(): void {
    if (!this.running || !this.paused) return;
    this.server!.kill('SIGCONT');
    this.paused = false;
  }

  /** Shuts the server down (its data is gone: nothing is persisted); start() brings it back on the same socket. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.resume(); // a stopped process would not act on SIGTERM until continued
    await stopChild(this.server!, 'SIGTERM', { graceMs: 10_000, group: false });
    this.options.reaper.forgetGroup(this.server!.pid!);
  }

  /** Stops the server and deletes its directory. */
  async destroy(): Promise<void> {
    await this.stop();
    this.destroyDir();
  }

  /**
   * Runs redis-cli (beside redis-server) against this server and returns its raw output:
   * for tests that check what the cache holds.
   */
  async cli(...args: string[]): Promise<string> {
    const cli = path.join(path.dirname(this.binary), 'redis-cli');
    const { stdout } = await promisify(execFile)(cli, ['-s', this.socket, ...args], { timeout: 10_000 });
    return stdout;
  }

  private destroyDir(): void {
    rmSync(this.root, { recursive: true, force: true });
    this.options.reaper.forgetDir(this.root);
  }
}

/** One inline PING over the socket: the first line of the answer. */
function ping(socket: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const conn = connect(socket);
    let answer = '';
    conn.setTimeout(1000, () => conn.destroy(new Error('no answer to PING within 1 s')));
    conn.on('connect', () => conn.write('PING\r\n'));
    conn.on('data', (chunk) => {
      answer += chunk.toString();
      if (answer.includes('\r\n')) {
        conn.end();
        resolve(answer.split('\r\n')[0]!);
      }
    });
    conn.on('error', reject);
  });
}
