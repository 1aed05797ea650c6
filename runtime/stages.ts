import { performance } from 'node:perf_hooks';

/** Prints one line per start-up stage with how long it took: "[suite] postgres start: accepting connections on 127.0.0.1:5432 (0.09 s)". */
export class StageClock {
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
}

export const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
