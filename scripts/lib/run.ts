import { spawn } from 'node:child_process';
import path from 'node:path';
import { ROOT } from '../../config/paths.js';

// Running the project's tools as `npm test` and `npm run lint` do: from node_modules/.bin,
// in the project root, saying what runs.

export interface Ran {
  command: string;
  code: number;
  /** What it printed, when asked to keep it rather than pass it through. */
  output: string;
}

/** Runs a tool; its output goes through as it comes, or (keep) is returned, for one that runs beside another. */
export function runTool(command: string, args: string[], { keep = false } = {}): Promise<Ran> {
  const shown = [command, ...args].join(' ');
  return new Promise((resolve) => {
    const child = spawn(path.join(ROOT, 'node_modules/.bin', command), args, { cwd: ROOT, stdio: keep ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let output = '';
    child.stdout?.on('data', (d: Buffer) => void (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => void (output += d.toString()));
    child.on('error', (err) => resolve({ command: shown, code: 127, output: `${shown}: ${err.message}\n` }));
    child.on('exit', (code, signal) => resolve({ command: shown, code: code ?? (signal ? 128 : 1), output }));
  });
}
