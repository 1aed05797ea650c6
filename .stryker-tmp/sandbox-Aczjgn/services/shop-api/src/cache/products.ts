// @ts-nocheck
import { defineScript, type CommandParser } from '@redis/client';
import type { FastifyBaseLogger } from 'fastify';
import type { ProductRow, ProductVersion } from '../repositories/products.js';
import { CacheConnection, type CacheHealth } from './connection.js';

/** A cached copy: the version it was read at and the product as JSON. */
export type CachedProduct = { version: number; body: string };

// Each product is one hash, shop-api:product:<id> = {version, body}. A write leaves a
// marker, {version} without a body, and a copy is only stored when it is newer than what
// the hash holds (or fills the marker of its own version): so a read that loaded the row
// before a write cannot put the old copy back after the write's marker. Both steps are
// Lua scripts, so each is atomic in Redis.
const FILL = defineScript({
  NUMBER_OF_KEYS: 1,
  SCRIPT: `
    local held = redis.call('HMGET', KEYS[1], 'version', 'body')
    local version = tonumber(held[1])
    local incoming = tonumber(ARGV[1])
    if version and (version > incoming or (version == incoming and held[2])) then return 0 end
    redis.call('HSET', KEYS[1], 'version', ARGV[1], 'body', ARGV[2])
    redis.call('EXPIRE', KEYS[1], ARGV[3])
    return 1`,
  parseCommand(parser: CommandParser, key: string, version: number, body: string, ttlSeconds: number) {
    parser.pushKey(key);
    parser.push(String(version), body, String(ttlSeconds));
  },
  transformReply: undefined as unknown as () => number,
});

const INVALIDATE = defineScript({
  NUMBER_OF_KEYS: 1,
  SCRIPT: `
    local version = tonumber(redis.call('HGET', KEYS[1], 'version'))
    if version and version >= tonumber(ARGV[1]) then return 0 end
    redis.call('DEL', KEYS[1])
    redis.call('HSET', KEYS[1], 'version', ARGV[1])
    redis.call('EXPIRE', KEYS[1], ARGV[2])
    return 1`,
  parseCommand(parser: CommandParser, key: string, version: number, ttlSeconds: number) {
    parser.pushKey(key);
    parser.push(String(version), String(ttlSeconds));
  },
  transformReply: undefined as unknown as () => number,
});

export const productKey = (id: number) => `shop-api:product:${id}`;

/**
 * The product cache. Only a hint: a copy is served only when its version is the one
 * PostgreSQL holds now (the read path checks), so correctness never depends on Redis
 * getting or keeping anything, and every failure here just means "read PostgreSQL".
 */
export class ProductCache {
  private readonly connection;

  constructor(url: string, private readonly ttlSeconds: number, timeoutMs: number, log: FastifyBaseLogger) {
    this.connection = new CacheConnection(url, { fillProduct: FILL, invalidateProduct: INVALIDATE }, timeoutMs, log);
  }

  /** The cached copy; 'miss' when Redis has none, 'bypass' when Redis is degraded. */
  async lookup(id: number): Promise<CachedProduct | 'miss' | 'bypass'> {
    const held = await this.connection.call((client) => client.hmGet(productKey(id), ['version', 'body']));
    if (held === undefined) return 'bypass';
    const [version, body] = held;
    return version && body ? { version: Number(version), body } : 'miss';
  }

  /** Stores a copy read from PostgreSQL, unless Redis holds something newer. */
  async fill(product: ProductRow): Promise<void> {
    await this.connection.call((client) => client.fillProduct(productKey(product.id), product.version, JSON.stringify(product), this.ttlSeconds));
  }

  /**
   * Every write that changes a product calls this after it commits, with the versions it
   * left. Never throws; while Redis is unreachable it does nothing (the stale copy left
   * behind can never be served: its version is no longer PostgreSQL's).
   */
  async invalidateProducts(changed: readonly ProductVersion[]): Promise<void> {
    await Promise.all(changed.map((p) =>
      this.connection.call((client) => client.invalidateProduct(productKey(p.id), p.version, this.ttlSeconds))));
  }

  health(): Promise<CacheHealth> {
    return this.connection.health();
  }

  close(): Promise<void> {
    return this.connection.close();
  }
}
