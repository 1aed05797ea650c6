// @ts-nocheck
import fc from 'fast-check';
import { expectStock } from '../checks.js';
import { ACTORS, canAct, type ActorName, type Model } from '../model.js';
import type { Real } from '../real.js';

/**
 * One operation of a generated journey. fast-check draws its parameters up front; at its
 * turn it runs (if `check` allows it in the model's state) as one step of the report,
 * titled like a line of a hand-written journey, acts on shop-api, asserts the answer
 * against the model, and updates the model.
 */
export abstract class ShopCommand implements fc.AsyncCommand<Model, Real> {
  /** The operation, for the run's tally of what ran. */
  abstract readonly kind: string;
  /** Whether the command makes sense in this state (fast-check skips it otherwise). */
  abstract check(m: Readonly<Model>): boolean;
  /** The step's title, from the model before the command runs. */
  abstract describe(m: Readonly<Model>): string;
  /** Acts, asserts against the model, updates the model. */
  abstract act(m: Model, r: Real): Promise<void>;
  /** How fast-check prints the command (without a model): the same sentence, with picks unresolved. */
  abstract toString(): string;

  async run(m: Model, r: Real): Promise<void> {
    const title = `${r.journal.length + 1}. ${this.describe(m)}`;
    r.journal.push({ kind: this.kind, title });
    await r.step(title, async () => {
      await this.act(m, r);
      // After every command, where the products are the journey's own: stock as the model says, never negative.
      if (m.tracksStock) await expectStock(m, r);
    });
  }
}

/** A command one customer performs: signed up, with a token that works, and whatever `applies` adds. */
export abstract class ActorCommand extends ShopCommand {
  constructor(readonly who: ActorName) {
    super();
  }
  check(m: Readonly<Model>): boolean {
    return canAct(m, this.who) && this.applies(m);
  }
  /** What else the command needs of the state (a cart line, an order...). */
  protected applies(_m: Readonly<Model>): boolean {
    return true;
  }
}

/** A command's arbitrary and how often it is drawn relative to the others. */
export type Weighted = [weight: number, arbitrary: fc.Arbitrary<ShopCommand>];

/** Picks the n-th of a list that changes as the journey goes (wrapping around), so shrinking keeps picks valid. */
export const pick = <T>(list: readonly T[], n: number): T | undefined => (list.length === 0 ? undefined : list[n % list.length]);

/** Who acts: the two actors signed up from the start a little more often than the one who signs up later. */
export const actor = fc.oneof(...ACTORS.map((name, i) => ({ weight: i < 2 ? 3 : 2, arbitrary: fc.constant(name) })));
/** Two different actors: one acts, the other owns what is touched. */
export const twoActors = fc.tuple(actor, actor).filter(([a, b]) => a !== b);
export const product = fc.nat({ max: 2 });
export const nth = fc.nat({ max: 9 });
/** Mostly a few units (so stock runs short), sometimes many (so a line can pass 99). */
export const quantity = fc.oneof({ weight: 10, arbitrary: fc.integer({ min: 1, max: 4 }) }, { weight: 1, arbitrary: fc.integer({ min: 30, max: 99 }) });
