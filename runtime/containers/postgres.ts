import { PostgreSqlContainer } from '@testcontainers/postgresql';
import { DATABASE } from '../services.js';

/**
 * shop-api's PostgreSQL: the image ensurePostgresImage built (its cluster and database made
 * at build time, so it starts at once), with the database, role and password shop-api is
 * given, tuned for tests (no fsync). start() gives @testcontainers/postgresql's
 * StartedPostgreSqlContainer, whose getConnectionUri() the manifest carries.
 */
export class ShopPostgresContainer extends PostgreSqlContainer {
  constructor(image: string) {
    super(image);
    this.withDatabase(DATABASE.name)
      .withUsername(DATABASE.user)
      .withPassword(DATABASE.password)
      .withCommand(['postgres', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=300']);
  }
}
