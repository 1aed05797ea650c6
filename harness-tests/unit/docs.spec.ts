import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from '../../config/paths.js';
import { expect, test } from '../fixtures.js';

// The docs a newcomer reads first: every relative link in README.md and docs/ leads to a
// file (and a heading) that exists, and every command of README's quick start works.

const DOCS = ['README.md', ...readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
const slug = (heading: string) => heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
const anchorsOf = (markdown: string) => new Set([...markdown.replace(/```[^]*?```/g, '').matchAll(/^#{1,6} (.+)$/gm)].map(([, heading]) => slug(heading!)));

/** Markdown links and images outside code: [text](target). */
const linksOf = (markdown: string) => [...markdown.replace(/```[^]*?```/g, '').replace(/`[^`\n]*`/g, '').matchAll(/!?\[[^\]]*\]\(([^)\s]+)\)/g)].map(([, target]) => target!);

test.describe('docs', () => {
  for (const file of DOCS) {
    test(`${file}: every relative link leads somewhere`, () => {
      const broken = linksOf(read(file))
        .filter((target) => !/^[a-z]+:/i.test(target))
        .flatMap((target) => {
          const [where = '', anchor] = target.split('#');
          const resolved = where ? path.join(path.dirname(path.join(ROOT, file)), where) : path.join(ROOT, file);
          if (!resolved.startsWith(ROOT)) return [`${target}: outside the repository`];
          if (!existsSync(resolved)) return [`${target}: no such file`];
          if (anchor && statSync(resolved).isFile() && resolved.endsWith('.md') && !anchorsOf(readFileSync(resolved, 'utf8')).has(anchor)) return [`${target}: no such heading`];
          return [];
        });
      expect(broken).toEqual([]);
    });
  }

  test('README.md is a front page: 220 lines or fewer', () => {
    expect(read('README.md').split('\n').length).toBeLessThanOrEqual(220);
  });
});

/** Runs a command in the project root, as a person would in a shell. */
function sh(command: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', command], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TARGET: 'local' } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => void (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => void (out += d.toString()));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

const LAST_RUN = ['html/index.html', 'junit.xml', 'results.json'];
let lastRunDir: string | undefined;
/** A reports folder as a run leaves it (made once). */
function lastRun(): string {
  if (!lastRunDir) {
    lastRunDir = mkdtempSync(path.join(tmpdir(), 'suite-last-run-'));
    mkdirSync(path.join(lastRunDir, 'html'));
    for (const file of LAST_RUN) writeFileSync(path.join(lastRunDir, file), `the last run's ${file}`);
  }
  return lastRunDir;
}

test.describe("README's quick start", () => {
  const readme = read('README.md');
  const block = /<!-- quick start[^>]*-->\n```bash\n([^]*?)```\n<!-- end of quick start -->/.exec(readme)?.[1] ?? '';
  const commands = block.split('\n').map((line) => line.replace(/#.*$/, '').trim()).filter(Boolean);

  // Each is run in a form that proves it works without doing again, inside this run, what
  // npm test (and CI) does for real: npm ci installed this checkout, and npm test ran the
  // suite that npx playwright test runs.
  const checks: Record<string, { run: string; proves: (out: string) => void }> = {
    'npm ci': { run: 'npm ci --dry-run --ignore-scripts --no-audit --no-fund', proves: (out) => expect(out).toMatch(/up to date|added|changed/) },
    // Listing, into a reports folder holding a last run's reports: they must stay as they were.
    'npx playwright test': {
      run: `REPORTS_DIR=${lastRun()} npx playwright test --list`,
      proves: (out) => {
        const total = Number(/Total: (\d+) tests/.exec(out)?.[1]);
        expect(readme, "the sample output says how many tests run, and it is today's number").toContain(`Running ${total} tests using 2 workers`);
        expect(readme).toContain(`${total} passed (`);
        expect(LAST_RUN.map((file) => readFileSync(path.join(lastRun(), file), 'utf8')), '--list left the last reports as they were').toEqual(LAST_RUN.map((file) => `the last run's ${file}`));
      },
    },
    'npm run report': { run: 'npm run report -- --help', proves: (out) => expect(out).toContain('show-report') },
    'npm test': { run: 'npm test -- --help', proves: (out) => expect(out).toContain("shop-api's suite") },
  };

  test('it holds the commands the checks below know', () => {
    expect(commands).toEqual(Object.keys(checks));
  });

  for (const [command, check] of Object.entries(checks)) {
    test(command, async () => {
      const { code, out } = await sh(check.run);
      expect(code, out.slice(-2000)).toBe(0);
      check.proves(out);
    });
  }
});
