import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from '@playwright/test';
import { ROOT } from '../config/paths.js';

// Runs the suite as a child process, the way a person runs it (`npx playwright test ...`),
// in a clean environment (nothing of the parent run, its manifest or its worker, leaks in)
// and with reports in a directory of its own. For tests of the harness.

export interface SuiteRun {
  code: number | null;
  stdout: string;
  stderr: string;
  reportsDir: string;
  /** Where the json reporter writes, when the run uses it (--reporter json). */
  jsonFile: string;
}

/** jsonToFile: where the json reporter (when chosen) writes; false leaves it on stdout. */
export function runSuite(args: string[], env: Record<string, string> = {}, { jsonToFile = true } = {}): Promise<SuiteRun> {
  return startSuite(args, env, { jsonToFile }).done;
}

export interface StartedSuite {
  done: Promise<SuiteRun>;
  reportsDir: string;
  /** Whether it has ended. */
  exited: () => boolean;
  /** Kills the run and every process it started (the runner, its workers); needs ownProcessGroup. */
  killAll: (signal: NodeJS.Signals) => void;
}

/**
 * The same, started. With ownProcessGroup the run (the runner and its workers) can be
 * killed whole, as a crash would end it; it then no longer gets the terminal's Ctrl+C, so
 * whoever starts it kills it when done.
 */
export function startSuite(args: string[], env: Record<string, string> = {}, { jsonToFile = true, ownProcessGroup = false } = {}): StartedSuite {
  const reportsDir = mkdtempSync(path.join(tmpdir(), 'suite-child-run-'));
  const jsonFile = path.join(reportsDir, 'results.json');
  const child = spawn(process.execPath, [path.join(ROOT, 'node_modules/@playwright/test/cli.js'), 'test', ...args], {
    cwd: ROOT,
    detached: ownProcessGroup,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      CI: '1',
      REPORTS_DIR: reportsDir,
      ...(jsonToFile ? { PLAYWRIGHT_JSON_OUTPUT_NAME: jsonFile } : {}),
      ...env,
    },
  });
  let stdout = '';
  let stderr = '';
  let exited = false;
  child.stdout.on('data', (d: Buffer) => void (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => void (stderr += d.toString()));
  const done = new Promise<SuiteRun>((resolve) => {
    child.on('exit', (code) => {
      exited = true;
      resolve({ code, stdout, stderr, reportsDir, jsonFile });
    });
  });
  return {
    done,
    reportsDir,
    exited: () => exited,
    killAll: (signal) => {
      if (!ownProcessGroup) throw new Error('killAll needs a run started with ownProcessGroup');
      if (!exited && child.pid) process.kill(-child.pid, signal);
    },
  };
}

/** Attaches what the child printed, for whoever reads the report. */
export async function attachOutput(args: string[], run: SuiteRun): Promise<void> {
  await test.info().attach(`output of: playwright test ${args.join(' ')}`, {
    body: `exit code ${run.code}\n--- stdout\n${run.stdout.slice(-20_000)}\n--- stderr\n${run.stderr.slice(-20_000)}`,
    contentType: 'text/plain',
  });
}

export interface JsonReport {
  stats: { expected: number; unexpected: number; skipped: number; flaky: number };
  suites: JsonSuite[];
}
interface JsonSuite {
  suites?: JsonSuite[];
  specs: {
    title: string;
    /** Relative to the config's testDir: api/orders.spec.ts. */
    file: string;
    tests: { projectName: string; status: string; annotations: { type: string; description?: string }[]; results: { errors: { message?: string }[] }[] }[];
  }[];
}

export const readJsonReport = (file: string): JsonReport => JSON.parse(readFileSync(file, 'utf8')) as JsonReport;

const specsOf = (suite: JsonSuite): JsonSuite['specs'] => [...suite.specs, ...(suite.suites ?? []).flatMap(specsOf)];

/** Every test of the report, with its project, status, skip reason, and its last attempt's first error. */
export function testsOf(report: JsonReport): { title: string; file: string; project: string; status: string; skipReason?: string; error?: string }[] {
  return report.suites.flatMap(specsOf).flatMap((spec) =>
    spec.tests.map((t) => ({
      title: spec.title,
      file: spec.file,
      project: t.projectName,
      status: t.status,
      ...(t.status === 'skipped' ? { skipReason: t.annotations.find((a) => a.type === 'skip')?.description ?? '(no reason)' } : {}),
      ...(t.results.at(-1)?.errors[0] ? { error: t.results.at(-1)!.errors[0]!.message ?? '' } : {}),
    })));
}

/** The distinct reasons tests were skipped for. */
export const skipReasons = (report: JsonReport): string[] => [...new Set(testsOf(report).flatMap((t) => (t.skipReason ? [t.skipReason] : [])))];

/** Runs one of the suite's scripts (scripts/...) as `npm run` does, with only this environment. */
export function runScript(script: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // tsx as a loader in this one process (its CLI would start a second Node process to run it).
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, script), ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => void (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => void (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
