import type { ApiResponse, ShopApi } from '../../api-clients/index.js';
import { formatDuration } from '../lib/duration.js';
import type { Row } from '../lib/table.js';
import type { Kind, Leftover } from './leftovers.js';

// What the sweep does with each leftover: only what is older than the age given is
// touched (a run still going, or one someone is looking at, is younger); users are
// deleted, products archived, pending orders cancelled (orders are never deleted). In
// that order: orders first, so their stock is back before anything else goes.

const ACTIONS = { order: 'cancel', product: 'archive', user: 'delete' } as const satisfies Record<Kind, string>;
const ORDER: Kind[] = ['order', 'product', 'user'];

export interface Planned extends Leftover {
  action: (typeof ACTIONS)[Kind];
  /** How old it is, judged by what dates it. */
  ageMs: number;
  due: boolean;
  result?: { ok: boolean; text: string };
}

export function plan(found: Leftover[], { now, olderThanMs }: { now: number; olderThanMs: number }): Planned[] {
  return found
    .map((item) => {
      const ageMs = now - item.datedAt.getTime();
      return { ...item, action: ACTIONS[item.kind], ageMs, due: ageMs >= olderThanMs };
    })
    .sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind) || a.id - b.id);
}

/** Carries out one planned action as the admin; already done (404, or an order no longer pending) counts as done. */
export async function carryOut(admin: ShopApi, item: Planned): Promise<{ ok: boolean; text: string }> {
  const answer = (response: ApiResponse<unknown>, done: string, alreadyStatus: number, already: string) =>
    response.ok ? { ok: true, text: done }
      : response.status === alreadyStatus ? { ok: true, text: `${already} (${response.status})` }
        : { ok: false, text: `FAILED: ${response.status} ${response.json && typeof response.json === 'object' && 'detail' in response.json ? String(response.json.detail) : response.text.slice(0, 120)}` };
  switch (item.kind) {
    case 'order':
      return answer(await admin.orders.cancel(item.id), 'cancelled', 409, 'no longer pending');
    case 'product':
      return answer(await admin.products.remove(item.id), 'archived', 404, 'already gone');
    case 'user':
      return answer(await admin.users.remove(item.id), 'deleted', 404, 'already gone');
  }
}

export const SWEEP_HEADER: Row = ['what', 'id', 'name', 'run', 'age', 'dated by', 'action', 'result'];

export function sweepRow(item: Planned): Row {
  const outcome = !item.due ? 'kept: younger' : (item.result?.text ?? `would ${item.action} (dry run)`);
  return [item.kind, String(item.id), item.name.length > 48 ? `...${item.name.slice(-45)}` : item.name, item.run.runId, formatDuration(item.ageMs), item.datedBy, item.action, outcome];
}
