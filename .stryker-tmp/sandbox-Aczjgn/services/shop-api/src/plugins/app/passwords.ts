// @ts-nocheck
import fp from 'fastify-plugin';
import { PasswordHasher } from '../../lib/passwords.js';
import type { Settings } from '../../settings.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Hashes and checks passwords at the configured cost (PASSWORD_HASH_COST). */
    passwords: PasswordHasher;
  }
}

export default fp(async (app, opts: { settings: Settings }) => {
  const passwords = new PasswordHasher(opts.settings.PASSWORD_HASH_COST);
  await passwords.dummyHash(); // made now, so that the first unknown username costs no more than the rest
  app.decorate('passwords', passwords);
}, { name: 'passwords' });
