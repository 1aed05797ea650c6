import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

// Every call the suite made to shop-api, as a line of JSON: which documented operation
// it was (or none), its status and how long it took. Each worker appends to its own
// file after each test; the end-of-run project reads them all (a shard reads its own).

export interface CallRecord {
  /** "GET /users/{id}", or undefined for a call the document does not describe. */
  operation: string | undefined;
  /** "GET /users/7": the concrete call, without the query. */
  call: string;
  status: number;
  ms: number;
}

export class CallLog {
  private pending: CallRecord[] = [];

  constructor(private readonly file: string) {}

  add(record: CallRecord): void {
    this.pending.push(record);
  }

  /** Writes what was recorded since the last flush. */
  flush(): void {
    if (this.pending.length === 0) return;
    mkdirSync(path.dirname(this.file), { recursive: true });
    appendFileSync(this.file, this.pending.map((r) => `${JSON.stringify(r)}\n`).join(''));
    this.pending = [];
  }
}

/** The directory the call logs of a run go to. */
export const callLogDir = (reportsDir: string) => path.join(reportsDir, 'calls');

/** Every call recorded in the run so far. */
export function readCallLogs(dir: string): CallRecord[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .flatMap((f) => readFileSync(path.join(dir, f), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as CallRecord));
}
