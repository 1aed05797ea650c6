import type { Faker } from '@faker-js/faker';
import { ensureOk, type PaymentProviderClient, type ProviderRecords, type ShopApi } from '../../api-clients/index.js';
import type { Product } from '../../api-clients/schemas/catalogue.js';
import type { NewUser } from '../../api-clients/schemas/users.js';
import { test } from '../../fixtures/index.js';
import { ACTORS, type Account, type Model } from './model.js';

// The real side of a generated journey: shop-api's clients for one sequence, and the
// fresh actors and products that sequence acts on. Every sequence makes its own, so the
// runs fast-check makes while shrinking never see each other's state.

/** What a test hands the model: its fixtures (admin, catalogue and provider where the target has them). */
export interface World {
  api: ShopApi;
  factories: { faker: Faker; seed: number; unique(): string; user(): NewUser; address(): string };
  cleanup: { user(account: { id: number; username?: string; password?: string }): void };
  /** Acting as the admin; undefined in the customer-only journeys. */
  admin?: ShopApi;
  /** The fake provider's records; undefined where the target does not expose them. */
  provider?: PaymentProviderClient;
  /** Products to shop from when the journeys may not create their own (the demo catalogue). */
  shelf?: Product[];
}

export interface JournalEntry {
  kind: string;
  title: string;
}

export class Real {
  readonly api: ShopApi;
  readonly admin: ShopApi | undefined;
  readonly provider: ProviderRecords | undefined;
  constructor(
    readonly world: World,
    /** The commands this sequence ran, as the steps are titled. */
    readonly journal: JournalEntry[],
    /** Reported runs are steps in the report; shrinking runs are not (nobody reads them). */
    readonly reported: boolean,
    /** Unique to this sequence: product skus and idempotency keys carry it. */
    readonly tag: string,
  ) {
    this.api = reported ? world.api : world.api.quiet();
    this.admin = world.admin && (reported ? world.admin : world.admin.quiet());
    this.provider = world.provider && (reported ? world.provider : world.provider.quiet());
  }

  get faker(): Faker {
    return this.world.factories.faker;
  }

  as(token: string): ShopApi {
    return this.api.as(token);
  }

  step<T>(title: string, body: () => Promise<T>): Promise<T> {
    return this.reported ? test.step(title, body) : body();
  }

  /** Registers and logs in a new account (deleted after the test). */
  async signUp(): Promise<Account> {
    const data = this.world.factories.user();
    const user = ensureOk(await this.api.auth.register(data));
    this.world.cleanup.user({ id: user.id, username: data.username, password: data.password });
    const token = ensureOk(await this.api.auth.login(data.username, data.password)).access_token;
    return { ...data, id: user.id, bio: user.bio, version: user.version, deleted: false, tokens: [{ value: token }], cart: [], keyed: [], failedLogins: 0 };
  }
}

/**
 * The model and the real shop at the start of a sequence: three fresh products, and two
 * actors signed up (the third signs up in the sequence, when and if it says so: signing
 * up costs password hashes, and a shrunk journey keeps only the actors it needs).
 */
export async function startSequence(world: World, stocks: number[], reported: boolean, journal: JournalEntry[]): Promise<{ model: Model; real: Real }> {
  const real = new Real(world, journal, reported, world.factories.unique().toUpperCase());
  const present = ACTORS.slice(0, 2);
  return real.step(`set up: ${present.join(' and ')} sign up; products ${world.shelf ? 'from the demo catalogue' : `in stock ${stocks.join(', ')}`}`, async () => {
    const [accounts, products] = await Promise.all([Promise.all(present.map(() => real.signUp())), shelfFor(real, stocks)]);
    const model: Model = {
      actors: Object.fromEntries(ACTORS.map((name, i) => [name, { name, accounts: accounts[i] ? [accounts[i]] : [] }])) as Model['actors'],
      products: products.map((p, i) => ({
        label: `P${i + 1}`,
        id: p.id,
        name: p.name,
        priceCents: p.price_cents,
        currency: p.currency,
        initialStock: p.stock,
        stock: p.stock,
      })),
      orders: [],
      tracksStock: !world.shelf,
    };
    return { model, real };
  });
}

/** Fresh products with the generated stock (as the admin), else the shelf the test gave. */
async function shelfFor(real: Real, stocks: number[]): Promise<Product[]> {
  if (real.world.shelf) return real.world.shelf;
  const { faker } = real;
  return Promise.all(
    stocks.map(async (stock, i) =>
      ensureOk(
        await real.admin!.products.create({
          sku: `T-${real.tag}-P${i + 1}`,
          name: faker.commerce.productName(),
          price_cents: faker.number.int({ min: 100, max: 9_000 }),
          stock,
        }),
      )),
  );
}
