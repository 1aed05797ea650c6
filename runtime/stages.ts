import { performance } from 'node:perf_hooks';

/** Prints one line per start-up stage with how long it took: "[suite] postgres: ready on :5432 (0.98 s)". */
export class StageClock {
  private readonly started = performance.now();

  constructor(private readonly write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)) {}

  note(message: string): void {
    this.write(`[suite] ${message}`);
  }

  async stage<T>(name: string, work: () => Promise<T>, describe: (result: T) => string = () => 'done'): Promise<T> {
    const t0 = performance.now();
    const result = await work();
    this.write(`[suite] ${name}: ${describe(result)} (${seconds(performance.now() - t0)})`);
    return result;
  }

  /** Seconds since the clock was made. */
  elapsed(): string {
    return seconds(performance.now() - this.started);
  }
}

export const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
