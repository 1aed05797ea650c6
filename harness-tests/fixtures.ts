import path from 'node:path';
import { test as base, type PlaywrightWorkerArgs } from '@playwright/test';
import { connect, ensureOk, PAYMENT_PROVIDER_CONTRACT, paymentProviderClient, shopApi, type PaymentProviderClient, type ShopApi } from '../api-clients/index.js';
import { reportsDir } from '../config/paths.js';
import { parseSettings, readRawSettings, type Settings } from '../config/settings.js';
import type { LocalStack } from '../runtime/local/index.js';

// The harness's own fixtures. Its unit tests use none of them and start nothing. The
// nested tests run the suite as a child process against a shop-api that stands in for a
// deployment: one local stack per worker, started when a test first asks for it. A
// worker runs one test at a time, so each test has the stack to itself; each leaves it
// serving (whatever it adds carries its own run id). A test that must see nothing but
// what it made itself starts a stack of its own.

export interface ShopUnderTest {
  stack: LocalStack;
  /** shop-api of the stack, anonymous and as its admin, and the payment provider's records. */
  api: ShopApi;
  admin: ShopApi;
  paymentProvider: PaymentProviderClient;
  /** The settings that point a child run at the stack as a deployment with every capability. */
  asDeployment: Record<string, string>;
}

export interface HarnessWorkerFixtures {
  settings: Settings;
  /** The worker's stack, shared by its tests one after another. */
  shopUnderTest: ShopUnderTest;
}

export interface HarnessTestFixtures {
  /** A stack of this test's own, for a test that must see nothing but what it made (a sweep of everything). */
  ownShopUnderTest: ShopUnderTest;
}

/** Starts a stack and its clients; `use` it, then it is stopped. */
async function withShop(name: string, settings: Settings, playwright: PlaywrightWorkerArgs['playwright'], use: (shop: ShopUnderTest) => Promise<void>): Promise<void> {
  // Loaded here, not at the top: the unit tests' workers never pay for it.
  const { startLocalStack } = await import('../runtime/local/index.js');
  // No cache: a staging-style run must see a deployment without one (remote-run.spec.ts).
  const stack = await startLocalStack({ name, logsDir: path.join(reportsDir(settings), 'harness', 'logs', name), logLevel: settings.SERVICE_LOG_LEVEL });
  try {
    const shop = await connect(playwright, stack.shopApi.url);
    const provider = await connect(playwright, stack.paymentProvider.url, PAYMENT_PROVIDER_CONTRACT);
    try {
      const api = shopApi(shop.http);
      const admin = api.as(ensureOk(await api.auth.login(stack.admin.username, stack.admin.password)).access_token);
      await use({
        stack,
        api,
        admin,
        paymentProvider: paymentProviderClient(provider.http),
        asDeployment: {
          TARGET: 'remote',
          BASE_URL: stack.shopApi.url,
          DATABASE_URL: stack.postgres.url,
          PAYMENT_PROVIDER_URL: stack.paymentProvider.url,
          ADMIN_USERNAME: stack.admin.username,
          ADMIN_PASSWORD: stack.admin.password,
          ALLOW_DESTRUCTIVE: 'true',
        },
      });
    } finally {
      await Promise.all([shop.dispose(), provider.dispose()]);
    }
  } finally {
    await stack.stop();
  }
}

export const test = base.extend<HarnessTestFixtures, HarnessWorkerFixtures>({
  settings: [async ({}, use) => use(parseSettings(readRawSettings())), { scope: 'worker' }],
  shopUnderTest: [
    async ({ settings, playwright }, use, workerInfo) => withShop(`shop-suite-harness-${workerInfo.parallelIndex}-${process.pid}`, settings, playwright, use),
    { scope: 'worker' },
  ],
  ownShopUnderTest: async ({ settings, playwright }, use, testInfo) => {
    testInfo.slow(); // a stack to start before the test's work
    await withShop(`shop-suite-harness-${testInfo.testId.slice(0, 8)}-${testInfo.repeatEachIndex}`, settings, playwright, use);
  },
});

export { expect } from '@playwright/test';
