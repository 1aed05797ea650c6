// Writes the settings' documentation from their one definition (config/settings.ts):
// .env.example, and the table in docs/settings.md (between its markers). With --check it
// writes nothing and exits 1 when either file says something else than the schema (the
// harness's unit tests run it, so a setting changed in one place fails there).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../config/paths.js';
import { SETTINGS, type SettingGroup } from '../config/settings.js';
import { cli } from './lib/cli.js';

const args = cli({
  command: 'npm run settings-docs --',
  summary: "Writes .env.example and docs/settings.md's table from the settings' schema (config/settings.ts).",
  options: { check: { type: 'boolean', default: false, description: 'write nothing; exit 1 when a file differs from what the schema says' } },
  examples: ['npm run settings-docs', 'npm run settings-docs -- --check'],
});

const GROUPS: Record<SettingGroup, string> = {
  target: 'Where the system under test comes from',
  remote: 'The remote target (staging)',
  containers: 'The containers target',
  local: 'The local target',
  'every target': 'Every target',
  'generated journeys': 'Generated journeys (tests/model)',
  reports: 'Reports and the services the suite starts',
};

const entries = Object.entries(SETTINGS);
/** The default as written in .env, or undefined when unset. */
const defaultOf = (schema: (typeof SETTINGS)[keyof typeof SETTINGS]['schema']): string | undefined => {
  const parsed = schema.safeParse(undefined);
  return parsed.success && parsed.data !== undefined ? String(parsed.data) : undefined;
};

const wrap = (text: string, width = 88): string[] => {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return line ? [...lines, line] : lines;
};

function envExample(): string {
  const out = [
    '# Settings of the suite, written from config/settings.ts by `npm run settings-docs`:',
    '# edit the schema there, not this file. Copy it to .env and uncomment what you change.',
    '# The environment wins over .env. A bad value stops the run at once with a message that',
    '# names the setting; a key here that is not a setting is reported and ignored.',
  ];
  for (const [group, title] of Object.entries(GROUPS)) {
    const mine = entries.filter(([, s]) => s.group === group);
    if (mine.length === 0) continue;
    out.push('', `# --- ${title} ${'-'.repeat(Math.max(3, 80 - title.length))}`);
    for (const [key, s] of mine) {
      const fallback = defaultOf(s.schema);
      out.push(...wrap(s.doc.replace(/`/g, '')).map((l) => `# ${l}`), `# ${key}=${fallback ?? s.example ?? ''}`, '');
    }
    out.pop();
  }
  return `${out.join('\n')}\n`;
}

const START = '<!-- settings table: written by npm run settings-docs from config/settings.ts -->';
const END = '<!-- end of settings table -->';

function table(): string {
  const rows = entries.map(([key, s]) => `| \`${key}\` | ${GROUPS[s.group].toLowerCase()} | ${defaultOf(s.schema) === undefined ? 'unset' : `\`${defaultOf(s.schema) || '(empty)'}\``} | ${s.doc.replace(/\|/g, '\\|')} |`);
  return [START, '| setting | for | default | meaning |', '| --- | --- | --- | --- |', ...rows, END].join('\n');
}

const docsFile = path.join(ROOT, 'docs/settings.md');
const docs = readFileSync(docsFile, 'utf8');
const [before, rest] = docs.split(START);
if (rest === undefined || !rest.includes(END)) args.fail(`${path.relative(ROOT, docsFile)} has no settings table markers (${START} ... ${END})`);
const wanted = new Map([
  [path.join(ROOT, '.env.example'), envExample()],
  [docsFile, `${before}${table()}${rest!.slice(rest!.indexOf(END) + END.length)}`],
]);

let drifted = 0;
for (const [file, text] of wanted) {
  const now = readFileSync(file, 'utf8');
  if (now === text) continue;
  if (args.values.check) {
    drifted += 1;
    process.stderr.write(`${path.relative(ROOT, file)} is not what config/settings.ts says: run npm run settings-docs\n`);
  } else {
    writeFileSync(file, text);
    process.stdout.write(`wrote ${path.relative(ROOT, file)}\n`);
  }
}
process.exitCode = drifted > 0 ? 1 : 0;
