import { RUN_ID_LENGTH, runStartedAt } from '../../config/run-id.js';

// How the suite's records say which run made them (fixtures/setup/factories.ts and
// catalogue.ts): a unique token `<run id><worker>x<counter>` in usernames (`ana_<token>`,
// `gen_<token>`) and skus (`T-<TOKEN>`, `C-<TOKEN>`, `T-<TOKEN>-P1`), and shipping
// addresses that end `(suite run <run id>)`. A username or sku counts as the suite's only
// when its token starts with a run id of the default format (config/run-id.ts), whose
// check digit a name chosen by a person passes by chance once in 36; an address says so
// in words.

export interface RunMark {
  runId: string;
  /** When the run started; undefined for a run id chosen by hand (RUN_ID). */
  startedAt: Date | undefined;
}

const TOKEN = new RegExp(`(?:^|[_.-])([0-9a-z]{${RUN_ID_LENGTH}})[0-9a-z]*x[0-9a-z]+(?=$|[_.-])`, 'gi');
const ADDRESS = / \(suite run ([a-z0-9]{4,12})\)$/;

/** The run a username or sku was made by, if the suite made it. */
export function runOfName(name: string): RunMark | undefined {
  for (const [, candidate] of name.matchAll(TOKEN)) {
    const runId = candidate!.toLowerCase();
    const startedAt = runStartedAt(runId);
    if (startedAt) return { runId, startedAt };
  }
  return undefined;
}

/** The run an order's shipping address names, if the suite made it. */
export function runOfAddress(address: string): RunMark | undefined {
  const runId = ADDRESS.exec(address)?.[1];
  return runId === undefined ? undefined : { runId, startedAt: runStartedAt(runId) };
}
