import { AbstractStartedContainer, GenericContainer, Wait, type StartedTestContainer } from 'testcontainers';
import { CONTAINER_PORTS, type ServiceName } from '../services.js';

/**
 * One of this repository's services (shop-api, payment-provider) from its image
 * (ensureImage), listening on its container port, and started only once /ready answers.
 */
export class ServiceContainer extends GenericContainer {
  constructor(
    image: string,
    private readonly service: ServiceName,
  ) {
    super(image);
    const port = CONTAINER_PORTS[service];
    this.withExposedPorts(port).withWaitStrategy(Wait.forHttp('/ready', port).forStatusCode(200)).withStartupTimeout(60_000);
  }

  override async start(): Promise<StartedServiceContainer> {
    return new StartedServiceContainer(await super.start(), this.service);
  }
}

export class StartedServiceContainer extends AbstractStartedContainer {
  constructor(
    started: StartedTestContainer,
    readonly service: ServiceName,
  ) {
    super(started);
  }

  /** Where it answers from the host. */
  get url(): string {
    return `http://${this.getHost()}:${this.getMappedPort(CONTAINER_PORTS[this.service])}`;
  }
}
