import type { Faker } from '@faker-js/faker';
import { ensureOk, type PaymentProviderClient, type ProviderRecords, type ShopApi } from '../../api-clients/index.js';
import type { Product } from '../../api-clients/schemas/catalogue.js';
import type { NewUser } from '../../api-clients/schemas/users.js';
import { test } from '../../fixtures/index.js';
import { skuOf } from '../../config/run-marks.js';
import { ACTORS, type Account, type Model } from './model.js';

// The real side of a generated journey: shop-api's clients for one sequence, and the
// fresh actors and products that sequence acts on. Every sequence makes its own, so the
// runs fast-check makes while shrinking never see each other's state.

type Credentials = { id: number; username: string; password: string };

/** What a test hands the model: its fixtures (admin, catalogue and provider where the target has them). */
export interface World {
  api: ShopApi;
  factories: { faker: Faker; seed: number; unique(): string; user(): NewUser; address(): string };
  /** The suite's cleanup: deletes after the test what a sequence could not delete itself. */
  cleanup: { user(account: Credentials): void };
  /** Deletes each sequence's accounts at its end: the manifest's admin where there is one, else each account itself. */
  janitor?: ShopApi;
  /** Acting as the admin; undefined in the customer-only journeys. */
  admin?: ShopApi;
  /** The fake provider's records; undefined where the target does not expose them. */
  provider?: PaymentProviderClient;
  /** Products to shop from when the journeys may not create their own (the demo catalogue). */
  shelf?: Product[];
}

export type Detail = 'calls' | 'commands' | 'none';

export interface JournalEntry {
  kind: string;
  title: string;
}

export class Real {
  readonly api: ShopApi;
  readonly admin: ShopApi | undefined;
  readonly provider: ProviderRecords | undefined;
  /** Unique to this sequence: product skus and idempotency keys carry it. */
  readonly tag: string;
  private readonly made: Credentials[] = [];

  constructor(
    readonly world: World,
    /**
     * What the report shows of this run: every command and its HTTP calls (a counterexample,
     * read as a journey), the commands alone (the search: its calls are checked the same,
     * without a step each), or nothing (the runs made while shrinking, which nobody reads).
     */
    readonly detail: Detail,
    /** The commands this sequence ran, as the steps are titled. */
    readonly journal: JournalEntry[],
  ) {
    const calls = detail === 'calls';
    this.api = calls ? world.api : world.api.quiet();
    this.admin = world.admin && (calls ? world.admin : world.admin.quiet());
    this.provider = world.provider && (calls ? world.provider : world.provider.quiet());
    this.tag = world.factories.unique().toUpperCase();
  }

  get faker(): Faker {
    return this.world.factories.faker;
  }

  as(token: string): ShopApi {
    return this.api.as(token);
  }

  step<T>(title: string, body: () => Promise<T>): Promise<T> {
    return this.detail === 'none' ? body() : test.step(title, body);
  }

  /**
   * The model and the real shop at the start: three fresh products, and two actors signed
   * up (the third signs up in the sequence, when and if it says so: signing up costs
   * password hashes, and a shrunk journey keeps only the actors it needs).
   */
  setUp(stocks: number[]): Promise<Model> {
    const present = ACTORS.slice(0, 2);
    const shelf = this.world.shelf ? 'from the demo catalogue' : `in stock ${stocks.join(', ')}`;
    return this.step(`set up: ${present.join(' and ')} sign up; products ${shelf}`, async () => {
      const [accounts, products] = await Promise.all([Promise.all(present.map(() => this.signUp())), this.shelfFor(stocks)]);
      return {
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
        tracksStock: !this.world.shelf,
      };
    });
  }

  /** Registers and logs in a new account (deleted when the sequence ends). */
  async signUp(): Promise<Account> {
    const data = this.world.factories.user();
    const user = ensureOk(await this.api.auth.register(data));
    this.made.push({ id: user.id, username: data.username, password: data.password });
    const token = ensureOk(await this.api.auth.login(data.username, data.password)).access_token;
    return { ...data, id: user.id, bio: user.bio, version: user.version, deleted: false, tokens: [{ value: token }], cart: [], keyed: [], failedLogins: 0 };
  }

  /** Deletes the sequence's accounts (those it deleted itself answer 404); what fails is left to the suite's cleanup. */
  async removeAccounts(): Promise<void> {
    const quiet = this.world.api.quiet();
    const janitor = this.world.janitor?.quiet();
    await Promise.all(
      this.made.map(async (account) => {
        try {
          let as = janitor;
          if (!as) {
            const login = await quiet.auth.login(account.username, account.password);
            if (login.status === 401) return; // deleted in the sequence
            as = quiet.as(ensureOk(login).access_token);
          }
          const removed = await as.users.remove(account.id);
          if (![204, 404].includes(removed.status)) throw new Error(`DELETE /users/${account.id} answered ${removed.status}`);
        } catch {
          this.world.cleanup.user(account);
        }
      }),
    );
  }

  /** Fresh products with the generated stock (as the admin), else the shelf the test gave. */
  private async shelfFor(stocks: number[]): Promise<Product[]> {
    if (this.world.shelf) return this.world.shelf;
    const { faker } = this;
    return Promise.all(
      stocks.map(async (stock, i) =>
        ensureOk(
          await this.admin!.products.create({
            sku: skuOf(`${this.tag}-P${i + 1}`),
            name: faker.commerce.productName(),
            price_cents: faker.number.int({ min: 100, max: 9_000 }),
            stock,
          }),
        )),
    );
  }
}
