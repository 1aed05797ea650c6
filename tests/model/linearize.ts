import type { Model } from './model.js';

// Linearizability as Knossos and Porcupine define it, for operations that all overlap in
// time (sent together, so the service may have applied them in any order): the answers
// are right when some serial order of the operations, each applied to the model in turn,
// explains every answer, and leaves the state the service shows afterwards. A group holds
// at most three operations, so all their orders (at most six) are tried.

/**
 * Judges one operation's answer at its place in a serial order: updates the model and
 * returns nothing, or returns why the answer cannot have come at that place. Pure: it
 * reads the answer it closes over and the model it is given, nothing else.
 */
export type Judge = (m: Model) => string | undefined;

export interface SerialOrder {
  /** Indices of the operations, in the order they are taken to have happened. */
  order: number[];
  /** The model after all of them, when every answer fits this order. */
  after?: Model;
  /** Else why not: the first operation whose answer this order cannot explain. */
  why?: string;
}

/** Every serial order of the operations, each applied to its own copy of the model. */
export function serialOrders(before: Readonly<Model>, judges: readonly Judge[]): SerialOrder[] {
  return permutations(judges.length).map((order) => {
    const m = structuredClone(before) as Model;
    for (const [place, i] of order.entries()) {
      const why = judges[i]!(m);
      if (why !== undefined) return { order, why: `at place ${place + 1}, operation ${i + 1}: ${why}` };
    }
    return { order, after: m };
  });
}

/** All orders of 0..n-1. */
export function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  return permutations(n - 1).flatMap((shorter) => Array.from({ length: n }, (_, at) => [...shorter.slice(0, at), n - 1, ...shorter.slice(at)]));
}
