// @ts-nocheck
import { performance } from 'node:perf_hooks';

/**
 * Prints one line per start-up stage with how long it took: "[suite] postgres start: accepting
 * connections (0.09 s)". To stderr: stdout belongs to the reporter (--reporter=json > results.json).
 */
export class StageClock {
  constructor(private readonly write: (line: string) => void = (line) => process.stderr.write(`${line}\n`)) {}

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
