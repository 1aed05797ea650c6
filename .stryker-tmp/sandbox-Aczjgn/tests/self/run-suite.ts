// @ts-nocheck
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from '@playwright/test';
import { ROOT } from '../../config/paths.js';

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
  const reportsDir = mkdtempSync(path.join(tmpdir(), 'suite-child-run-'));
  const jsonFile = path.join(reportsDir, 'results.json');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'node_modules/@playwright/test/cli.js'), 'test', ...args], {
      cwd: ROOT,
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
    child.stdout.on('data', (d: Buffer) => void (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => void (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr, reportsDir, jsonFile }));
  });
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
  specs: { title: string; tests: { projectName: string; status: string; annotations: { type: string; description?: string }[] }[] }[];
}

export const readJsonReport = (file: string): JsonReport => JSON.parse(readFileSync(file, 'utf8')) as JsonReport;

const specsOf = (suite: JsonSuite): JsonSuite['specs'] => [...suite.specs, ...(suite.suites ?? []).flatMap(specsOf)];

/** Every test of the report, with its project, status and skip reason. */
export function testsOf(report: JsonReport): { title: string; project: string; status: string; skipReason?: string }[] {
  return report.suites.flatMap(specsOf).flatMap((spec) =>
    spec.tests.map((t) => ({
      title: spec.title,
      project: t.projectName,
      status: t.status,
      ...(t.status === 'skipped' ? { skipReason: t.annotations.find((a) => a.type === 'skip')?.description ?? '(no reason)' } : {}),
    })));
}

/** The distinct reasons tests were skipped for. */
export const skipReasons = (report: JsonReport): string[] => [...new Set(testsOf(report).flatMap((t) => (t.skipReason ? [t.skipReason] : [])))];
