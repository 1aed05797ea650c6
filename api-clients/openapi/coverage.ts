import type { CallRecord } from './call-log.js';
import type { Operations } from './document.js';

// The API coverage map: every documented operation x every documented status, with how
// many calls hit it, and every call the document does not describe. Counts add up, so
// the maps of shards merge into the map of the whole run.

export interface OperationCoverage {
  operation: string;
  operationId: string | undefined;
  /** Documented statuses (and any other status seen), with how many calls got each. */
  statuses: Record<string, number>;
  /** Statuses seen that the operation does not document. */
  undocumented: string[];
}

export interface CoverageMap {
  operations: OperationCoverage[];
  /** Calls that match no documented operation, by "METHOD /path -> status". */
  undocumentedCalls: Record<string, number>;
}

export function coverageMap(operations: Operations, calls: CallRecord[]): CoverageMap {
  const map: CoverageMap = {
    operations: operations.list().map((o) => ({
      operation: o.key,
      operationId: o.operationId,
      statuses: Object.fromEntries(Object.keys(o.spec.responses ?? {}).map((status) => [status, 0])),
      undocumented: [],
    })),
    undocumentedCalls: {},
  };
  const byKey = new Map(map.operations.map((o) => [o.operation, o]));
  for (const call of calls) {
    const entry = call.operation ? byKey.get(call.operation) : undefined;
    if (!entry) {
      const key = `${call.call} -> ${call.status}`;
      map.undocumentedCalls[key] = (map.undocumentedCalls[key] ?? 0) + 1;
      continue;
    }
    const status = String(call.status);
    if (!(status in entry.statuses)) entry.undocumented.push(status);
    entry.statuses[status] = (entry.statuses[status] ?? 0) + 1;
  }
  for (const entry of map.operations) entry.undocumented = [...new Set(entry.undocumented)].sort();
  return map;
}

/** Several maps (shards) as one: counts added. */
export function mergeCoverage(maps: CoverageMap[]): CoverageMap {
  const operations = new Map<string, OperationCoverage>();
  const undocumentedCalls: Record<string, number> = {};
  for (const map of maps) {
    for (const o of map.operations) {
      const merged = operations.get(o.operation) ?? { ...o, statuses: {}, undocumented: [] };
      for (const [status, n] of Object.entries(o.statuses)) merged.statuses[status] = (merged.statuses[status] ?? 0) + n;
      merged.undocumented = [...new Set([...merged.undocumented, ...o.undocumented])].sort();
      operations.set(o.operation, merged);
    }
    for (const [call, n] of Object.entries(map.undocumentedCalls)) undocumentedCalls[call] = (undocumentedCalls[call] ?? 0) + n;
  }
  return { operations: [...operations.values()].sort((a, b) => a.operation.localeCompare(b.operation)), undocumentedCalls };
}

const called = (o: OperationCoverage) => Object.values(o.statuses).some((n) => n > 0);

export const neverCalled = (map: CoverageMap): string[] => map.operations.filter((o) => !called(o)).map((o) => o.operation);

/** Documented statuses no call got, as "GET /users/{id} 422". */
export const statusesNeverSeen = (map: CoverageMap): string[] =>
  map.operations.flatMap((o) => Object.entries(o.statuses).filter(([s, n]) => n === 0 && !o.undocumented.includes(s)).map(([s]) => `${o.operation} ${s}`));

/** The map as a Markdown table, for people (the report attaches it). */
export function coverageMarkdown(map: CoverageMap): string {
  const exercised = map.operations.filter(called).length;
  const statuses = map.operations.flatMap((o) => Object.entries(o.statuses).filter(([s]) => !o.undocumented.includes(s)));
  const seen = statuses.filter(([, n]) => n > 0).length;
  const lines = [
    `# API coverage: ${exercised}/${map.operations.length} documented operations called, ${seen}/${statuses.length} documented statuses seen`,
    '',
    '| operation | operationId | documented statuses (calls) | not documented, but seen |',
    '| --- | --- | --- | --- |',
    ...map.operations.map((o) => {
      const documented = Object.entries(o.statuses).filter(([s]) => !o.undocumented.includes(s));
      const cells = documented.map(([s, n]) => (n > 0 ? `${s} (${n})` : `**${s} (0)**`)).join(', ');
      const extra = o.undocumented.map((s) => `${s} (${o.statuses[s]})`).join(', ');
      return `| ${called(o) ? '' : '**never called** '}\`${o.operation}\` | ${o.operationId ?? ''} | ${cells} | ${extra} |`;
    }),
    '',
    `## Calls the document does not describe (${Object.keys(map.undocumentedCalls).length})`,
    '',
    ...Object.entries(map.undocumentedCalls).sort().map(([call, n]) => `- \`${call}\` x ${n}`),
  ];
  return `${lines.join('\n')}\n`;
}
