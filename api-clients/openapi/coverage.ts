import type { CallRecord } from './call-log.js';
import type { Operations } from './document.js';

// The API coverage map: every documented operation x every documented status, with how
// many calls hit it, and every call the document does not describe. Counts add up, so
// the maps of shards merge into the map of the whole run. A 405 belongs to a path (another
// method on it), so each operation of the path shows the path's 405 calls. A documented
// status that no test can produce from outside is explained instead (statuses.json beside
// the map's end-of-run test), and the map says so.

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
  /** Calls with a method a documented path does not offer, answered 405, by path template. */
  otherMethods: Record<string, number>;
  /** Calls that match no documented operation, by "METHOD /path -> status". */
  undocumentedCalls: Record<string, number>;
  /** Documented statuses no test can produce from outside, as "GET /users/{id} 503", with why. */
  explained: Record<string, string>;
}

const PATH_STATUS = '405';

export function coverageMap(operations: Operations, calls: CallRecord[], explained: Record<string, string> = {}): CoverageMap {
  const map: CoverageMap = {
    operations: operations.list().map((o) => ({
      operation: o.key,
      operationId: o.operationId,
      statuses: Object.fromEntries(Object.keys(o.spec.responses ?? {}).map((status) => [status, 0])),
      undocumented: [],
    })),
    otherMethods: {},
    undocumentedCalls: {},
    explained,
  };
  const byKey = new Map(map.operations.map((o) => [o.operation, o]));
  for (const call of calls) {
    const entry = call.operation ? byKey.get(call.operation) : undefined;
    const onPath = !entry && String(call.status) === PATH_STATUS ? operations.onPath(call.call.slice(call.call.indexOf(' ') + 1))[0] : undefined;
    if (onPath) {
      map.otherMethods[onPath.template] = (map.otherMethods[onPath.template] ?? 0) + 1;
      continue;
    }
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
  return withPathCounts(map);
}

const templateOf = (o: OperationCoverage) => o.operation.slice(o.operation.indexOf(' ') + 1);

/** Each operation's 405 is its path's count. */
function withPathCounts(map: CoverageMap): CoverageMap {
  for (const o of map.operations) {
    if (PATH_STATUS in o.statuses) o.statuses[PATH_STATUS] = map.otherMethods[templateOf(o)] ?? 0;
  }
  return map;
}

/** How many calls the map holds: each call once (a path's 405s once, not once per operation). */
export const callsIn = (map: CoverageMap): number =>
  map.operations.reduce((sum, o) => sum + Object.entries(o.statuses).reduce((a, [s, n]) => a + (s === PATH_STATUS ? 0 : n), 0), 0) +
  Object.values(map.otherMethods).reduce((a, b) => a + b, 0) +
  Object.values(map.undocumentedCalls).reduce((a, b) => a + b, 0);

/** Several maps (shards) as one: counts added. */
export function mergeCoverage(maps: CoverageMap[]): CoverageMap {
  const operations = new Map<string, OperationCoverage>();
  const otherMethods: Record<string, number> = {};
  const undocumentedCalls: Record<string, number> = {};
  for (const map of maps) {
    for (const o of map.operations) {
      const merged = operations.get(o.operation) ?? { ...o, statuses: {}, undocumented: [] };
      for (const [status, n] of Object.entries(o.statuses)) merged.statuses[status] = (merged.statuses[status] ?? 0) + n;
      merged.undocumented = [...new Set([...merged.undocumented, ...o.undocumented])].sort();
      operations.set(o.operation, merged);
    }
    for (const [path, n] of Object.entries(map.otherMethods ?? {})) otherMethods[path] = (otherMethods[path] ?? 0) + n;
    for (const [call, n] of Object.entries(map.undocumentedCalls)) undocumentedCalls[call] = (undocumentedCalls[call] ?? 0) + n;
  }
  const explained = Object.assign({}, ...maps.map((m) => m.explained ?? {})) as Record<string, string>;
  return withPathCounts({ operations: [...operations.values()].sort((a, b) => a.operation.localeCompare(b.operation)), otherMethods, undocumentedCalls, explained });
}

const called = (o: OperationCoverage) => Object.values(o.statuses).some((n) => n > 0);

export const neverCalled = (map: CoverageMap): string[] => map.operations.filter((o) => !called(o)).map((o) => o.operation);

/** Documented statuses no call got, as "GET /users/{id} 422". */
export const statusesNeverSeen = (map: CoverageMap): string[] =>
  map.operations.flatMap((o) => Object.entries(o.statuses).filter(([s, n]) => n === 0 && !o.undocumented.includes(s)).map(([s]) => `${o.operation} ${s}`));

/** Documented statuses no call got and nothing explains: what a whole run must not leave. */
export const unexplained = (map: CoverageMap): string[] => statusesNeverSeen(map).filter((status) => !(status in map.explained));

/** Explanations that no longer hold: the status was seen after all, or no operation documents it. */
export function staleExplanations(map: CoverageMap): string[] {
  const documented = new Set(map.operations.flatMap((o) => Object.keys(o.statuses).filter((s) => !o.undocumented.includes(s)).map((s) => `${o.operation} ${s}`)));
  const never = new Set(statusesNeverSeen(map));
  return Object.keys(map.explained)
    .filter((status) => !never.has(status))
    .map((status) => (documented.has(status) ? `${status}: seen in this run, so its explanation no longer holds` : `${status}: no documented operation has this status`));
}

/** The map as a Markdown table, for people (the report attaches it). */
export function coverageMarkdown(map: CoverageMap): string {
  const exercised = map.operations.filter(called).length;
  const statuses = map.operations.flatMap((o) => Object.entries(o.statuses).filter(([s]) => !o.undocumented.includes(s)));
  const seen = statuses.filter(([, n]) => n > 0).length;
  const explained = statusesNeverSeen(map).filter((status) => status in map.explained);
  const cell = (o: OperationCoverage, s: string, n: number) => {
    if (n > 0) return `${s} (${n})`;
    return `${o.operation} ${s}` in map.explained ? `${s} (explained)` : `**${s} (0)**`;
  };
  const lines = [
    `# API coverage: ${exercised}/${map.operations.length} documented operations called, ${seen}/${statuses.length} documented statuses seen, ${explained.length} explained`,
    '',
    `405 is a path's answer (another method on it): each operation shows its path's 405 calls.`,
    '',
    '| operation | operationId | documented statuses (calls) | not documented, but seen |',
    '| --- | --- | --- | --- |',
    ...map.operations.map((o) => {
      const documented = Object.entries(o.statuses).filter(([s]) => !o.undocumented.includes(s));
      const cells = documented.map(([s, n]) => cell(o, s, n)).join(', ');
      const extra = o.undocumented.map((s) => `${s} (${o.statuses[s]})`).join(', ');
      return `| ${called(o) ? '' : '**never called** '}\`${o.operation}\` | ${o.operationId ?? ''} | ${cells} | ${extra} |`;
    }),
    '',
    `## Documented statuses no test can produce from outside (${explained.length})`,
    '',
    ...explained.map((status) => `- \`${status}\`: ${map.explained[status]}`),
    '',
    `## Calls the document does not describe (${Object.keys(map.undocumentedCalls).length})`,
    '',
    ...Object.entries(map.undocumentedCalls).sort().map(([call, n]) => `- \`${call}\` x ${n}`),
  ];
  return `${lines.join('\n')}\n`;
}
