// @ts-nocheck
import fc from 'fast-check';
import { expect } from '../../../fixtures/index.js';
import { expectRefused, expectUnauthorized } from '../checks.js';
import { account, canAct, hasAccount, isLive, liveToken, type ActorName, type Model } from '../model.js';
import type { Real } from '../real.js';
import { ActorCommand, actor, nth, pick, ShopCommand, twoActors, type Weighted } from './command.js';

// Users and tokens (API.md, Auth and Users): log in and out, tokens that stop working,
// profile updates with and without If-Match, deleting an account and signing up again.

/** GET /users/me shows the model's account. */
async function expectProfile(m: Readonly<Model>, r: Real, name: ActorName): Promise<void> {
  const acc = account(m, name);
  const me = await r.as(liveToken(m, name)!).users.me();
  expect(me.status).toBe(200);
  expect(me.body).toMatchObject({ id: acc.id, username: acc.username, email: acc.email, bio: acc.bio, version: acc.version, role: 'customer', is_active: true });
}

export class LogIn extends ShopCommand {
  readonly kind = 'log in';
  constructor(readonly who: ActorName) {
    super();
  }
  check(m: Readonly<Model>) {
    return isLive(m, this.who);
  }
  describe() {
    return `${this.who} logs in (a new token)`;
  }
  async act(m: Model, r: Real) {
    const acc = account(m, this.who);
    const response = await r.api.auth.login(acc.username, acc.password);
    expect(response.status).toBe(200);
    expect(response.body.token_type).toBe('bearer');
    acc.tokens.push({ value: response.body.access_token });
    await expectProfile(m, r, this.who);
  }
  toString() {
    return this.describe();
  }
}

/** A deleted account cannot log in. At most 4 tries per username: the fifth failure locks it (tests/api covers that). */
export class LogInDeleted extends ShopCommand {
  readonly kind = 'log in to a deleted account';
  constructor(readonly who: ActorName) {
    super();
  }
  private deleted(m: Readonly<Model>) {
    return m.actors[this.who].accounts.findLast((a) => a.deleted && a.failedLogins < 4);
  }
  check(m: Readonly<Model>) {
    return this.deleted(m) !== undefined;
  }
  describe(m: Readonly<Model>) {
    return `${this.who} tries to log in to the deleted account ${this.deleted(m)!.username}: 401`;
  }
  async act(m: Model, r: Real) {
    const acc = this.deleted(m)!;
    expectRefused(await r.api.auth.login(acc.username, acc.password), 401);
    acc.failedLogins += 1;
  }
  toString() {
    return `${this.who} tries to log in to a deleted account`;
  }
}

export class LogOut extends ActorCommand {
  readonly kind = 'log out';
  constructor(who: ActorName) {
    super(who);
  }
  describe() {
    return `${this.who} logs out`;
  }
  async act(m: Model, r: Real) {
    const token = liveToken(m, this.who)!;
    const response = await r.as(token).auth.logout();
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'logged_out' });
    account(m, this.who).tokens.find((t) => t.value === token)!.revoked = 'logged out';
    expectUnauthorized(await r.as(token).users.me());
  }
  toString() {
    return this.describe();
  }
}

/** A token revoked earlier in the journey (logged out, or its account deleted) still does not work. */
export class OldTokenRefused extends ShopCommand {
  readonly kind = 'use a revoked token';
  constructor(readonly who: ActorName, readonly n: number) {
    super();
  }
  private token(m: Readonly<Model>) {
    return pick(m.actors[this.who].accounts.flatMap((a) => a.tokens.filter((t) => t.revoked)), this.n);
  }
  check(m: Readonly<Model>) {
    return this.token(m) !== undefined;
  }
  describe(m: Readonly<Model>) {
    return `${this.who} tries an old token (${this.token(m)!.revoked}): 401`;
  }
  async act(m: Model, r: Real) {
    const old = r.as(this.token(m)!.value);
    expectUnauthorized(await old.users.me());
    expectUnauthorized(await old.cart.get());
  }
  toString() {
    return `${this.who} tries old token #${this.n}`;
  }
}

type Precondition = 'no If-Match' | 'current If-Match' | 'stale If-Match';

export class UpdateProfile extends ActorCommand {
  readonly kind = 'update the profile';
  constructor(who: ActorName, readonly method: 'PATCH' | 'PUT', readonly precondition: Precondition) {
    super(who);
  }
  describe() {
    return `${this.who} changes the bio (${this.method}, ${this.precondition})${this.precondition === 'stale If-Match' ? ': 412' : ''}`;
  }
  async act(m: Model, r: Real) {
    const acc = account(m, this.who);
    const version = { 'no If-Match': undefined, 'current If-Match': acc.version, 'stale If-Match': acc.version - 1 }[this.precondition];
    const bio = `${r.faker.lorem.sentence().slice(0, 200)} (v${acc.version + 1})`;
    const users = r.as(liveToken(m, this.who)!).users;
    const response = await (this.method === 'PATCH' ? users.update('me', { bio }, version) : users.put('me', { bio }, version));
    if (this.precondition === 'stale If-Match') {
      expectRefused(response, 412);
    } else {
      expect(response.status).toBe(200);
      acc.bio = bio;
      acc.version += 1;
      expect(response.body).toMatchObject({ id: acc.id, username: acc.username, bio, version: acc.version });
      expect(response.header('etag')).toBe(`"${acc.version}"`);
    }
    await expectProfile(m, r, this.who);
  }
  toString() {
    return this.describe();
  }
}

export class DeleteAccount extends ActorCommand {
  readonly kind = 'delete the account';
  constructor(who: ActorName) {
    super(who);
  }
  describe() {
    return `${this.who} deletes the account`;
  }
  async act(m: Model, r: Real) {
    const acc = account(m, this.who);
    const token = liveToken(m, this.who)!;
    expect((await r.as(token).users.remove(acc.id)).status).toBe(204);
    acc.deleted = true;
    acc.cart = [];
    for (const t of acc.tokens) t.revoked ??= 'account deleted';
    // API.md: afterwards GET -> 404 and its tokens -> 401 (login -> 401 is LogInDeleted).
    expectRefused(await r.api.users.get(acc.id), 404);
    expectUnauthorized(await r.as(token).users.me());
  }
  toString() {
    return this.describe();
  }
}

/** An actor signs up (and logs in); one whose account is gone signs up again: a new account, empty cart, no orders. */
export class SignUp extends ShopCommand {
  readonly kind = 'sign up';
  constructor(readonly who: ActorName) {
    super();
  }
  check(m: Readonly<Model>) {
    return !isLive(m, this.who);
  }
  describe(m: Readonly<Model>) {
    return hasAccount(m, this.who) ? `${this.who} signs up again, as a new account` : `${this.who} signs up`;
  }
  async act(m: Model, r: Real) {
    const fresh = await r.signUp();
    expect(m.actors[this.who].accounts.map((a) => a.id)).not.toContain(fresh.id);
    m.actors[this.who].accounts.push(fresh);
    await expectProfile(m, r, this.who);
  }
  toString() {
    return `${this.who} signs up`;
  }
}

/** API.md: 409 when the username or email is taken, case-insensitively. */
export class SignUpTaken extends ShopCommand {
  readonly kind = 'sign up with a taken name';
  constructor(readonly who: ActorName, readonly field: 'username' | 'email') {
    super();
  }
  check(m: Readonly<Model>) {
    return isLive(m, this.who);
  }
  describe() {
    return `someone signs up with ${this.who}'s ${this.field} in upper case: 409`;
  }
  async act(m: Model, r: Real) {
    const taken = account(m, this.who)[this.field].toUpperCase();
    expectRefused(await r.api.auth.register({ ...r.world.factories.user(), [this.field]: taken }), 409);
  }
  toString() {
    return this.describe();
  }
}

/** Another customer's account is not theirs to change: 404, and it stays as it was. */
export class IntruderUpdatesProfile extends ActorCommand {
  readonly kind = "change another's profile";
  constructor(who: ActorName, readonly victim: ActorName) {
    super(who);
  }
  protected override applies(m: Readonly<Model>) {
    return hasAccount(m, this.victim);
  }
  describe() {
    return `${this.who} tries to change ${this.victim}'s bio: 404`;
  }
  async act(m: Model, r: Real) {
    expectRefused(await r.as(liveToken(m, this.who)!).users.update(account(m, this.victim).id, { bio: 'not yours' }), 404);
    if (canAct(m, this.victim)) await expectProfile(m, r, this.victim);
  }
  toString() {
    return this.describe();
  }
}

export const userCommands: Weighted[] = [
  [1, actor.map((a) => new LogIn(a))],
  [1, actor.map((a) => new LogInDeleted(a))],
  [1, actor.map((a) => new LogOut(a))],
  [1, fc.tuple(actor, nth).map(([a, n]) => new OldTokenRefused(a, n))],
  [
    2,
    fc
      .tuple(actor, fc.constantFrom('PATCH' as const, 'PUT' as const), fc.constantFrom<Precondition>('no If-Match', 'current If-Match', 'stale If-Match'))
      .map(([a, method, precondition]) => new UpdateProfile(a, method, precondition)),
  ],
  [1, actor.map((a) => new DeleteAccount(a))],
  [2, actor.map((a) => new SignUp(a))],
  [1, fc.tuple(actor, fc.constantFrom('username' as const, 'email' as const)).map(([a, field]) => new SignUpTaken(a, field))],
  [1, twoActors.map(([a, victim]) => new IntruderUpdatesProfile(a, victim))],
];
