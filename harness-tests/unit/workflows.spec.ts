import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '../fixtures.js';
import { parse } from 'yaml';

// The workflows cannot run here (no GitHub); what can be checked is checked:
// actionlint runs in `npm run lint`, and this keeps untrusted text out of shell scripts.

const WORKFLOWS = path.resolve(import.meta.dirname, '../../.github/workflows');

interface Workflow {
  jobs: Record<string, { steps?: { name?: string; run?: string }[] }>;
}

/** Expressions whose value comes from whoever triggered the run: never script text. */
const UNTRUSTED = /\$\{\{[^}]*\b(inputs|github\.event)\./;

test.describe('workflows', () => {
  for (const file of readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f))) {
    test(`${file}: no run script expands inputs.* or github.event.* (they go through env)`, () => {
      const workflow = parse(readFileSync(path.join(WORKFLOWS, file), 'utf8')) as Workflow;
      const scripts = Object.entries(workflow.jobs).flatMap(([job, { steps = [] }]) =>
        steps.filter((step) => step.run !== undefined).map((step) => ({ where: `${job} / ${step.name ?? step.run!.split('\n')[0]}`, run: step.run! })));

      expect(scripts.length).toBeGreaterThan(0);
      expect(scripts.filter((s) => UNTRUSTED.test(s.run)).map((s) => s.where)).toEqual([]);
    });
  }
});
