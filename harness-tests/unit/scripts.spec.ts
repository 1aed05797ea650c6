import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from '../../config/paths.js';
import { expect, test } from '../fixtures.js';

// Every npm script, asked for help and given a bogus option, as a person would. Ours
// (`tsx scripts/...`) answer through scripts/lib/cli.ts: --help prints the usage and exits
// 0; a bad option gets one line saying what is wrong, then the usage, exit 2. The scripts
// that are a tool's own command (tsc, playwright, stryker) answer as the tool does: its
// usage and 0, or one line and a non-zero exit. None prints a stack trace.

const STACK_FRAME = /^\s+at .+[(:]\d+/m;
const scripts = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

/** Runs a script's command as `npm run <name> -- <args>` does (node_modules/.bin on PATH, in the root), without npm. */
function runScript(command: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', `${command} "$@"`, 'sh', ...args], {
      cwd: ROOT,
      env: { PATH: `${path.join(ROOT, 'node_modules/.bin')}:${process.env.PATH ?? ''}`, HOME: process.env.HOME ?? '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => void (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => void (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const entries = Object.entries(scripts);

test.describe('every npm script of ours', () => {
  for (const [name, command] of entries.filter(([, c]) => c.startsWith('tsx '))) {
    test(`${name}: --help, and a bogus option`, async () => {
      const help = await runScript(command, ['--help']);
      expect(help.code, help.stderr).toBe(0);
      expect(help.stdout).toMatch(/^usage: npm (run \S+|test) --[^]*\n\nexamples?:\n {2}\S/);

      const bogus = await runScript(command, ['--no-such-option-here']);
      expect(bogus.code).toBe(2);
      expect(bogus.stderr.split('\n')[0]).toMatch(/^\[[^\]]+\] Unknown option '--no-such-option-here'$/);
      expect(bogus.stderr).toContain('\nusage: ');
      expect(bogus.stdout + bogus.stderr).not.toMatch(STACK_FRAME);
    });
  }
});

test.describe("every npm script that is a tool's command", () => {
  for (const [name, command] of entries.filter(([, c]) => !c.startsWith('tsx '))) {
    test(`${name} (${command.split(' ')[0]}): --help, and a bogus option`, async () => {
      const help = await runScript(command, ['--help']);
      expect(help.code, help.stderr).toBe(0);
      expect(help.stdout.length, "the tool's usage").toBeGreaterThan(200);

      const bogus = await runScript(command, ['--no-such-option-here']);
      expect(bogus.code).not.toBe(0);
      expect(bogus.stdout + bogus.stderr).toMatch(/no-such-option-here/);
      expect(bogus.stdout + bogus.stderr).not.toMatch(STACK_FRAME);
    });
  }
});

test('settings-docs --check: .env.example and docs/settings.md say what the settings schema says', async () => {
  const check = await runScript(scripts['settings-docs']!, ['--check']);
  expect(check.code, check.stderr).toBe(0);
});

test('--list leaves the reports of the last run as they were', async () => {
  const reports = mkdtempSync(path.join(tmpdir(), 'suite-list-'));
  const kept = ['html/index.html', 'junit.xml', 'results.json'].map((file) => path.join(reports, file));
  mkdirSync(path.join(reports, 'html'));
  for (const file of kept) writeFileSync(file, `the last run's ${path.basename(file)}`);
  const before = kept.map((file) => statSync(file).mtimeMs);

  const list = await runScript(`REPORTS_DIR=${reports} playwright test --list`, []);

  expect(list.code, list.stderr).toBe(0);
  expect(list.stdout).toMatch(/Total: \d+ tests in \d+ files/);
  expect(kept.map((file) => readFileSync(file, 'utf8'))).toEqual(kept.map((file) => `the last run's ${path.basename(file)}`));
  expect(kept.map((file) => statSync(file).mtimeMs)).toEqual(before);
});
