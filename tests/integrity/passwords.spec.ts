import pg from 'pg';
import { ensureOk, type ShopApi } from '../../api-clients/index.js';
import { requires } from '../../config/capabilities.js';
import { expect, test } from '../../fixtures/index.js';
import { FOR_TESTS } from '../../runtime/services.js';

// The cost of password hashes (shop-api's PASSWORD_HASH_COST, log2 of scrypt's N): strong
// unless set, cheap where the suite sets it, and a hash made at one cost verifies at any
// other, because each hash carries its own parameters. Read from the stored hashes.

/** scrypt's N in a stored hash "scrypt$N$r$p$salt$hash". */
const costOf = (hash: string): number => Number(/^scrypt\$(\d+)\$8\$1\$/.exec(hash)?.[1]);

async function storedHash(databaseUrl: string | pg.Pool, userId: number): Promise<string> {
  const db = typeof databaseUrl === 'string' ? new pg.Client({ connectionString: databaseUrl }) : databaseUrl;
  if (db instanceof pg.Client) await db.connect();
  try {
    const { rows } = await db.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $1', [userId]);
    return rows[0]!.password_hash;
  } finally {
    if (db instanceof pg.Client) await db.end();
  }
}

const logsIn = async (api: ShopApi, user: { username: string; password: string }) => (await api.auth.login(user.username, user.password)).status;

test.describe('password hash cost', { tag: '@integrity' }, () => {
  test('on a target the suite started, stored hashes carry the cost it configured', async ({ manifest, db, customer }, testInfo) => {
    requires(testInfo, manifest, 'ownServices');

    expect(costOf(await storedHash(db, customer.user.id))).toBe(2 ** Number(FOR_TESTS.PASSWORD_HASH_COST));
  });

  test.describe('unset', () => {
    // As if the setting were absent: an empty value is ignored by shop-api.
    test.use({ privateStackEnv: { PASSWORD_HASH_COST: '' } });

    test('the strong default (N=2^14) holds; a hash made at one cost verifies after the setting changes, both ways', async ({ privateStack, privateClients, factories }) => {
      const { api } = privateClients;
      const restartWith = (cost: string) => test.step(`restart shop-api with PASSWORD_HASH_COST=${JSON.stringify(cost)}`, async () => {
        await privateStack.shopApi.stop();
        privateStack.shopApi.start({ PASSWORD_HASH_COST: cost });
        await privateStack.shopApi.waitReady();
      });

      const strong = factories.user();
      const strongUser = ensureOk(await api.auth.register(strong));
      expect(costOf(await storedHash(privateStack.postgres.url, strongUser.id)), 'the default cost').toBe(2 ** 14);

      await restartWith('4');
      expect(await logsIn(api, strong), 'a 2^14 hash under the 2^4 setting').toBe(200);
      const cheap = factories.user();
      const cheapUser = ensureOk(await api.auth.register(cheap));
      expect(costOf(await storedHash(privateStack.postgres.url, cheapUser.id)), 'the configured cost').toBe(2 ** 4);

      await restartWith('');
      expect(await logsIn(api, cheap), 'a 2^4 hash under the default again').toBe(200);
      expect(await logsIn(api, strong)).toBe(200);
      expect(await logsIn(api, { ...cheap, password: `${cheap.password}x` }), 'and a wrong password is still wrong').toBe(401);
    });
  });
});
