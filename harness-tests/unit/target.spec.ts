import { expect, test } from '../fixtures.js';
import { deniedBy } from '../../config/denylist.js';
import { parseSettings, settingsSchema, type Settings } from '../../config/settings.js';
import { startRemote } from '../../runtime/remote.js';
import { chooseTarget, TargetError, type DockerProbe } from '../../runtime/select.js';
import { StageClock } from '../../runtime/stages.js';

// Which target a run gets, and why; and the deny-list that keeps it off production.

const settings = (values: Record<string, string>): Settings => settingsSchema.parse(values);
const dockerUp: DockerProbe = async () => ({ available: true, where: '/var/run/docker.sock (Docker 27.0)' });
const dockerDown: DockerProbe = async () => ({ available: false, why: 'Could not find a working container runtime strategy' });
const quiet = new StageClock(() => {});

test.describe('target choice', () => {
  test('auto with BASE_URL is remote, without probing Docker', async () => {
    let probed = false;
    const choice = await chooseTarget(settings({ BASE_URL: 'https://staging.shop.test' }), async () => {
      probed = true;
      return dockerUp();
    });

    expect(choice).toEqual({ target: 'remote', reason: 'TARGET=auto and BASE_URL is set (https://staging.shop.test)' });
    expect(probed).toBe(false);
  });

  test('auto with a Docker engine is containers, and says where it answered', async () => {
    expect(await chooseTarget(settings({}), dockerUp)).toEqual({
      target: 'containers',
      reason: 'TARGET=auto and a Docker engine answered at /var/run/docker.sock (Docker 27.0)',
    });
  });

  test('auto without a Docker engine is local, and says why', async () => {
    expect(await chooseTarget(settings({}), dockerDown)).toEqual({
      target: 'local',
      reason: 'TARGET=auto and no Docker engine answered (Could not find a working container runtime strategy)',
    });
  });

  test('TARGET=containers without a Docker engine fails at once, saying what to do', async () => {
    const choice = chooseTarget(settings({ TARGET: 'containers' }), dockerDown);

    await expect(choice).rejects.toThrow(TargetError);
    await expect(choice).rejects.toThrow(/TARGET=containers needs a Docker engine, and none answered .*Start a Docker engine.*or run with TARGET=local/);
  });

  test('TARGET=local is obeyed without probing', async () => {
    expect(await chooseTarget(settings({ TARGET: 'local' }), () => Promise.reject(new Error('probed')))).toEqual({ target: 'local', reason: 'TARGET=local' });
  });

  test('TARGET=remote without BASE_URL is a settings error', () => {
    expect(() => parseSettings({ values: { TARGET: 'remote' }, source: () => 'the environment', warnings: [] })).toThrow(
      'BASE_URL (not set): TARGET=remote needs BASE_URL, the URL of the deployed shop-api',
    );
  });

  test('admin credentials come in pairs', () => {
    expect(() => parseSettings({ values: { ADMIN_USERNAME: 'ops' }, source: () => '.env', warnings: [] })).toThrow(
      'ADMIN_PASSWORD (not set): ADMIN_USERNAME and ADMIN_PASSWORD go together',
    );
  });
});

test.describe('production deny-list', () => {
  for (const [url, list, expected] of [
    ['https://api.shop.com/x', 'api.shop.com', 'api.shop.com'],
    ['https://API.Shop.com', 'api.shop.com', 'api.shop.com'],
    ['https://eu.prod.shop.com', 'staging.shop.com, *.prod.shop.com', '*.prod.shop.com'],
    ['postgres://u:p@db.shop.com:5432/shop', 'db.shop.com:5432', 'db.shop.com:5432'],
    ['postgres://u:p@db.shop.com:6543/shop', 'db.shop.com:5432', undefined],
    ['https://staging.shop.com', '*.prod.shop.com,api.shop.com', undefined],
    ['https://api.shop.com.evil.test', 'api.shop.com', undefined],
    ['https://api.shop.com', '', undefined],
  ] as const) {
    test(`${url} against "${list}" -> ${expected ?? 'allowed'}`, () => {
      expect(deniedBy(url, list)).toBe(expected);
    });
  }

  test('the remote target refuses a denied BASE_URL before making any request', async () => {
    // Nothing listens on this port: had the suite tried to reach it, the error would say so.
    const start = startRemote(settings({ BASE_URL: 'http://shop.example.com:9', PRODUCTION_DENYLIST: '*.example.com' }), 'abcd1234', quiet);

    await expect(start).rejects.toThrow(TargetError);
    await expect(start).rejects.toThrow('Refusing to run: BASE_URL points at shop.example.com:9, which matches "*.example.com" in PRODUCTION_DENYLIST');
  });

  test('a denied DATABASE_URL is refused too', async () => {
    const start = startRemote(settings({ BASE_URL: 'http://127.0.0.1:9', DATABASE_URL: 'postgres://u:p@db.prod.test/shop', PRODUCTION_DENYLIST: 'db.prod.test' }), 'abcd1234', quiet);

    await expect(start).rejects.toThrow('Refusing to run: DATABASE_URL points at db.prod.test');
  });
});
