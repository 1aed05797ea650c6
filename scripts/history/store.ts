import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { LatencyLine, Night, TestLine } from './night.js';

// The history store: a folder with a file per night, `nights/<start time>-<run id>.jsonl`,
// a JSON line for the night, then one per test, then one per operation's latency. On
// GitHub the folder is the branch nightly-history (git-store.ts), one small commit a
// night; locally and in tests it is any folder. Capped: the oldest nights past KEEP_NIGHTS go.

/** Nights kept: two months of nights, about 30 kB each for this suite. */
export const KEEP_NIGHTS = 60;

const NIGHTS = 'nights';

/** A file name that sorts by time: colons are not welcome in every file system. */
export const nightFileName = (night: Pick<Night, 'time' | 'runId'>): string => `${night.time.replace(/[:.]/g, '-')}-${night.runId.replace(/[^\w-]/g, '_')}.jsonl`;

export function writeNight(store: string, night: Night, keep = KEEP_NIGHTS): { file: string; removed: string[] } {
  const dir = path.join(store, NIGHTS);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, nightFileName(night));
  const lines = [
    JSON.stringify({ night: { runId: night.runId, time: night.time } }),
    ...night.tests.map((test) => JSON.stringify({ test })),
    ...night.latency.map((latency) => JSON.stringify({ latency })),
  ];
  writeFileSync(file, `${lines.join('\n')}\n`);
  return { file, removed: cap(store, keep) };
}

/** Removes the oldest nights past `keep`; returns the files removed. */
export function cap(store: string, keep = KEEP_NIGHTS): string[] {
  const files = nightFiles(store);
  const removed = files.slice(0, Math.max(0, files.length - keep));
  for (const file of removed) rmSync(file);
  return removed;
}

const nightFiles = (store: string): string[] => {
  const dir = path.join(store, NIGHTS);
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort().map((f) => path.join(dir, f)) : [];
};

/** Every night in the store, oldest first. */
export function readNights(store: string): Night[] {
  return nightFiles(store).map((file) => {
    const night: Night = { runId: '', time: '', tests: [], latency: [] };
    for (const line of readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
      const entry = JSON.parse(line) as { night?: { runId: string; time: string }; test?: unknown; latency?: unknown };
      if (entry.night) Object.assign(night, entry.night);
      else if (entry.test) night.tests.push(TestLine.parse(entry.test));
      else if (entry.latency) night.latency.push(LatencyLine.parse(entry.latency));
    }
    return Night.parse(night);
  }).sort((a, b) => a.time.localeCompare(b.time));
}
