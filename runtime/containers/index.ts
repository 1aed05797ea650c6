import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Settings } from '../../config/settings.js';
import type { StageClock } from '../stages.js';
import type { StartedTarget } from '../target.js';
import { imageTag, POSTGRES_IMAGE, type ServiceName } from './images.js';

const REUSE_NETWORK = 'shop-suite-reuse';
const REUSE_LABEL = 'shop-suite.reuse';

/** Secrets of reused containers must not change between runs, or they would not be reused. */
function reuseSecrets(root: string): { jwtSecret: string; adminPassword: string } {
  const file = path.join(root, 'node_modules/.cache/shop-suite/containers-reuse.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as { jwtSecret: string; adminPassword: string };
  const secrets = { jwtSecret: randomBytes(32).toString('base64url'), adminPassword: randomBytes(12).toString('base64url') };
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(secrets));
  return secrets;
}

/**
 * The containers target: PostgreSQL from @testcontainers/postgresql, shop-api and
 * payment-provider built from their Dockerfiles, all on one Network, each waited on
 * until /ready answers, their logs streamed to the logs directory. Teardown stops them
 * and the network; Ryuk removes them should this process die first. With
 * CONTAINERS_REUSE=true everything is left running and picked up by the next run.
 */
export async function startContainers(
  settings: Settings,
  runId: string,
  clock: StageClock,
  paths: { root: string; logsDir: string },
): Promise<StartedTarget> {
  // Ryuk, the reaper, removes what a run leaves once the run's connection to it closes;
  // 2 s after that (not 10) it is gone itself, unless the user chose otherwise.
  process.env.TESTCONTAINERS_RYUK_RECONNECTION_TIMEOUT ??= '2s';
  const { GenericContainer, getContainerRuntimeClient, ImageName, Network, Wait } = await import('testcontainers');
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const client = await getContainerRuntimeClient();
  const reuse = settings.CONTAINERS_REUSE;
  const secrets = reuse ? reuseSecrets(paths.root) : { jwtSecret: randomBytes(32).toString('base64url'), adminPassword: randomBytes(12).toString('base64url') };
  const admin = { username: 'admin', password: secrets.adminPassword };
  const labels: Record<string, string> = reuse ? { [REUSE_LABEL]: 'true' } : { 'shop-suite.run': runId };

  const stoppers: (() => Promise<unknown>)[] = [];
  const stop = async () => {
    while (stoppers.length > 0) await stoppers.pop()!().catch(() => {});
  };
  const started = <T extends { stop(): Promise<unknown> }>(thing: T): T => {
    if (!reuse) stoppers.push(() => thing.stop());
    return thing;
  };
  const logTo = (name: string) => (stream: Readable) => {
    stream.pipe(createWriteStream(path.join(paths.logsDir, `${name}.log`), { flags: 'a' }));
  };

  const ensureImage = async (service: ServiceName) => {
    const tag = imageTag(paths.root, service);
    if (await client.image.exists(ImageName.fromString(tag))) return { tag, built: false };
    try {
      await GenericContainer.fromDockerfile(paths.root, `services/${service}/Dockerfile`).build(tag, { deleteOnExit: false });
    } catch (err) {
      throw new Error(
        `Building the ${service} image failed (${(err as Error).message}). ` +
          `To see Docker's output, run from the repository root: docker build -f services/${service}/Dockerfile .`,
      );
    }
    await pruneOlderImages(service, tag);
    return { tag, built: true };
  };

  /** Older images of the service (earlier source) are removed; one still in use stays. */
  const pruneOlderImages = async (service: ServiceName, keep: string) => {
    const docker = client.container.dockerode;
    const images = await docker.listImages({ filters: JSON.stringify({ reference: [`shop-suite/${service}`] }) }).catch(() => []);
    for (const image of images.filter((i) => !(i.RepoTags ?? []).includes(keep))) {
      await docker.getImage(image.Id).remove().catch(() => {});
    }
  };

  try {
    const network = reuse ? undefined : started(await clock.stage('network', () => new Network().start(), (n) => n.getName()));
    if (reuse) {
      await client.network.getById(REUSE_NETWORK).inspect().catch(() =>
        client.network.create({ Name: REUSE_NETWORK, Labels: labels, CheckDuplicate: true }));
    }
    const onNetwork = <C extends InstanceType<typeof GenericContainer>>(container: C, alias: string): C => {
      const attached = network ? container.withNetwork(network) : container.withNetworkMode(REUSE_NETWORK);
      const labelled = attached.withNetworkAliases(alias).withLabels({ ...labels, 'shop-suite.service': alias });
      return reuse ? labelled.withReuse() : labelled;
    };
    // A reused container from an older image would answer beside the new one under the
    // same alias: it goes.
    const removeStale = async (service: string, image: string) => {
      if (!reuse) return;
      const stale = (await client.container.list()).filter((c) => c.Labels[REUSE_LABEL] === 'true' && c.Labels['shop-suite.service'] === service && c.Image !== image);
      await Promise.all(stale.map(async (c) => {
        const container = client.container.getById(c.Id);
        await client.container.stop(container, { timeout: 5 }).catch(() => {});
        await client.container.remove(container, { removeVolumes: true }).catch(() => {});
      }));
    };

    // Everything at once: PostgreSQL starts while the images are built (or found
    // unchanged) and the services start; shop-api waits for its database by itself.
    const startPostgres = clock.stage('postgres container', async () =>
      started(
        await onNetwork(new PostgreSqlContainer(POSTGRES_IMAGE), 'postgres')
          .withDatabase('shop')
          .withUsername('shop')
          .withPassword('shop')
          .withTmpFs({ '/var/lib/postgresql/data': 'rw' })
          .withCommand(['postgres', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=300'])
          .withLogConsumer(logTo('postgres'))
          .start(),
      ), (pg) => `${POSTGRES_IMAGE} at ${pg.getHost()}:${pg.getPort()}`);

    const startService = async (service: ServiceName, port: number, environment: Record<string, string>) => {
      const image = await clock.stage(`${service} image`, () => ensureImage(service), (i) => (i.built ? `built ${i.tag}` : `${i.tag}, unchanged`));
      await removeStale(service, image.tag);
      return clock.stage(`${service} container`, async () =>
        started(
          await onNetwork(new GenericContainer(image.tag), service)
            .withEnvironment({ LOG_LEVEL: settings.SERVICE_LOG_LEVEL, ...environment })
            .withExposedPorts(port)
            .withWaitStrategy(Wait.forHttp('/ready', port).forStatusCode(200))
            .withStartupTimeout(60_000)
            .withLogConsumer(logTo(service))
            .start(),
        ), (c) => `ready at http://${c.getHost()}:${c.getMappedPort(port)}`);
    };

    const [postgres, provider, shopApi] = await settleAll([
      startPostgres,
      startService('payment-provider', 4000, {}),
      startService('shop-api', 3000, {
        DATABASE_URL: 'postgres://shop:shop@postgres:5432/shop',
        PAYMENT_PROVIDER_URL: 'http://payment-provider:4000',
        JWT_SECRET: secrets.jwtSecret,
        ADMIN_USERNAME: admin.username,
        ADMIN_EMAIL: 'admin@shop.test',
        ADMIN_PASSWORD: admin.password,
      }),
    ] as const);

    if (reuse) {
      clock.note(`CONTAINERS_REUSE=true: containers stay up for the next run; remove them with: docker rm -f $(docker ps -aq --filter label=${REUSE_LABEL}) && docker network rm ${REUSE_NETWORK}`);
    }
    return {
      manifest: {
        runId,
        target: 'containers',
        owned: true,
        allowDestructive: true,
        baseUrl: `http://${shopApi.getHost()}:${shopApi.getMappedPort(3000)}`,
        databaseUrl: postgres.getConnectionUri(),
        paymentProviderUrl: `http://${provider.getHost()}:${provider.getMappedPort(4000)}`,
        admin,
        logsDir: paths.logsDir,
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Like Promise.all, but waits for every promise to settle before failing, so that nothing is left starting. */
async function settleAll<T extends readonly unknown[]>(promises: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const results = await Promise.allSettled(promises);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
