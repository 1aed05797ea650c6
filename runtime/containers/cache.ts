import { RedisContainer } from '@testcontainers/redis';

/** The images of the containers target's dependencies: pinned here and nowhere else (PostgreSQL's in images.ts). */
export const REDIS_IMAGE = 'redis:7-alpine';

/**
 * shop-api's cache: Redis with no persistence, as the local target's. start() gives
 * @testcontainers/redis's StartedRedisContainer (getConnectionUrl()).
 */
export class CacheContainer extends RedisContainer {
  constructor(image = REDIS_IMAGE) {
    super(image);
    this.withCommand(['redis-server', '--save', '', '--appendonly', 'no']);
  }
}
