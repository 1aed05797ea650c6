import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { ROOT } from '../../config/paths.js';
import { probe } from '../../scripts/lib/cli.js';
import { expect, test } from '../fixtures.js';

// Every npm script, asked for help and given a bogus option, as a person would. Ours
// (`tsx scripts/...`) answer through scripts/lib/cli.ts: --help prints the usage and exits
// 0; a bad option gets one line saying what is wrong, then the usage, exit 2. The scripts
// that are a tool's own command (tsc, playwright, stryker) answer as the tool does: its
// usage and 0, or one line and a non-zero exit. None prints a stack trace.
//
// Ours are put both questions in this process (probe(): the script is loaded, its imports
// with it, and answers its command line, without a process each, which would cost about a
// second of CPU apiece), and a few of them for real, to prove that what cli() answers is
// what the process prints and exits with. The tools are run for real, each once.

const STACK_FRAME = /^\s+at .+[(:]\d+/m;
const BOGUS = '--no-such-option-here';
const scripts = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
const entries = Object.entries(scripts);
const ours = entries.filter(([, c]) => c.startsWith('tsx '));
const tools = entries.filter(([, c]) => !c.startsWith('tsx '));

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

const expectRefusal = (answer: { code: number | null; stderr: string; stdout: string }) => {
  expect(answer.code).toBe(2);
  expect(answer.stderr.split('\n')[0]).toMatch(new RegExp(`^\\[[^\\]]+\\] Unknown option '${BOGUS}'$`));
  expect(answer.stderr).toContain('\nusage: ');
  expect(answer.stdout + answer.stderr).not.toMatch(STACK_FRAME);
};

const expectUsage = (answer: { code: number | null; stderr: string; stdout: string }) => {
  expect(answer.code, answer.stderr).toBe(0);
  expect(answer.stdout).toMatch(/^usage: npm (run \S+|test) --[^]*\n\nexamples?:\n {2}\S/);
};

test.describe('every npm script of ours', () => {
  for (const [name, command] of ours) {
    test(`${name}: --help, and a bogus option`, async () => {
      const script = pathToFileURL(path.join(ROOT, command.split(' ')[1]!));
      expectUsage(await probe(script, ['--help']));
      expectRefusal(await probe(script, [BOGUS]));
    });
  }

  test('for real, as processes: --help prints the usage and exits 0, a bogus option one line, the usage, exit 2', async () => {
    for (const name of ['test', 'history']) expectUsage(await runScript(scripts[name]!, ['--help']));
    expectRefusal(await runScript(scripts.latency!, [BOGUS]));
  });
});

test.describe("every npm script that is a tool's command", () => {
  // The same tool, the same answer: each tool once, as one of its scripts calls it
  // (playwright test, playwright show-report, tsc, stryker run); the scripts: tools.
  const tool = (command: string) => command.replace(/^(\w+=\S+ )*/, '').split(' ').slice(0, 2).join(' ');
  const distinct = [...new Map(tools.map(([name, command]) => [tool(command), { name, command }])).values()];

  test('each is one of the tools below', () => {
    expect(tools.map(([, command]) => tool(command)).filter((t) => !distinct.some((d) => tool(d.command) === t))).toEqual([]);
  });

  for (const { name, command } of distinct) {
    test(`${tool(command)} (npm run ${name}): --help, and a bogus option is one line and a non-zero exit`, async () => {
      const help = await runScript(command, ['--help']);
      expect(help.code, help.stderr).toBe(0);
      expect(help.stdout.length, "the tool's usage").toBeGreaterThan(200);

      const bogus = await runScript(command, [BOGUS]);
      expect(bogus.code).not.toBe(0);
      expect(bogus.stdout + bogus.stderr).toContain(BOGUS);
      expect(bogus.stdout + bogus.stderr).not.toMatch(STACK_FRAME);
    });
  }
});

test('settings-docs --check: .env.example and docs/settings.md say what the settings schema says', async () => {
  const check = await runScript(scripts['settings-docs']!, ['--check']);
  expect(check.code, check.stderr).toBe(0);
});

test("scripts/model-mutants.sh: every broken build still applies to shop-api's sources as they are", async () => {
  // A patch that no longer applies would be a mutant the weekly workflow never runs.
  const dir = path.join(ROOT, 'scripts/model-mutants');
  const patches = readdirSync(dir).filter((f) => f.endsWith('.patch'));
  expect(patches.length, 'mutants in scripts/model-mutants').toBeGreaterThan(5);
  const refused = patches
    .map((f) => ({ patch: f, check: spawnSync('git', ['apply', '--check', path.join(dir, f)], { cwd: ROOT, encoding: 'utf8' }) }))
    .filter(({ check }) => check.status !== 0)
    .map(({ patch, check }) => `${patch}: ${check.stderr.trim()}`);
  expect(refused, 'git apply --check, each patch on its own').toEqual([]);
});
