// @ts-nocheck
import { z } from 'zod';
import type { Http } from './http.js';
import { ifMatch } from './if-match.js';
import type { Sendable } from './schemas/fields.js';
import { AnyUserView, PrivateUser, type AdminNewUser, type UserChanges, type UserQuery } from './schemas/users.js';

const UserList = z.array(PrivateUser);

export function usersClient(http: Http) {
  return {
    create: (user: Sendable<AdminNewUser>) => http.send('POST', '/users', { json: user, schema: PrivateUser }),
    list: (query: UserQuery = {}) => http.send('GET', '/users', { query: { ...query }, schema: UserList }),
    get: (id: number) => http.send('GET', `/users/${id}`, { schema: AnyUserView }),
    me: () => http.send('GET', '/users/me', { schema: PrivateUser }),
    /** PATCH (partial); pass the version to send If-Match. */
    update: (id: number | 'me', changes: Sendable<UserChanges>, version?: number | string) =>
      http.send('PATCH', `/users/${id}`, { json: changes, headers: ifMatch(version), schema: PrivateUser }),
    /** PUT, which the contract also defines as a partial update. */
    put: (id: number | 'me', changes: Sendable<UserChanges>, version?: number | string) =>
      http.send('PUT', `/users/${id}`, { json: changes, headers: ifMatch(version), schema: PrivateUser }),
    remove: (id: number) => http.send('DELETE', `/users/${id}`),
  };
}
