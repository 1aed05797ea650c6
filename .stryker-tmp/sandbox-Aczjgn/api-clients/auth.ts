// @ts-nocheck
import type { Http } from './http.js';
import type { Sendable } from './schemas/fields.js';
import { LoggedOut, PrivateUser, Token, type NewUser } from './schemas/users.js';

export function authClient(http: Http) {
  return {
    register: (user: Sendable<NewUser>) => http.send('POST', '/auth/register', { json: user, schema: PrivateUser }),
    /** OAuth2 password grant: form-encoded, as the contract says. */
    login: (username: string, password: string) =>
      http.send('POST', '/auth/login', { form: { username, password }, schema: Token }),
    logout: () => http.send('POST', '/auth/logout', { schema: LoggedOut }),
  };
}
