// @ts-nocheck
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

// Passwords are stored only as scrypt hashes: "scrypt$N$r$p$<salt>$<hash>" (base64). The
// parameters travel in each hash, so a hash made at one cost verifies at any other.
// N=2^14, r=8 (PASSWORD_HASH_COST 14, the default) is the interactive-login cost the scrypt
// paper recommends (~16 MiB); test environments set a cheap cost, as frameworks do in
// tests (Django's test hashers, Devise's stretches, bcrypt's minimum cost).

const KEY_LENGTH = 32;
const SALT_BYTES = 16;

function derive(password: string, salt: Buffer, options: ScryptOptions, keyLength: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, keyLength, { ...options, maxmem: 64 * 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export class PasswordHasher {
  private readonly params: { N: number; r: number; p: number };
  private dummy: Promise<string> | undefined;

  /** cost: log2 of scrypt's N. */
  constructor(cost: number) {
    this.params = { N: 2 ** cost, r: 8, p: 1 };
  }

  async hash(password: string): Promise<string> {
    const salt = randomBytes(SALT_BYTES);
    const key = await derive(password, salt, this.params, KEY_LENGTH);
    return ['scrypt', this.params.N, this.params.r, this.params.p, salt.toString('base64'), key.toString('base64')].join('$');
  }

  async verify(password: string, stored: string): Promise<boolean> {
    const [scheme, n, r, p, salt, hash] = stored.split('$');
    if (scheme !== 'scrypt' || !salt || !hash) return false;
    const expected = Buffer.from(hash, 'base64');
    const actual = await derive(password, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p) }, expected.length);
    return timingSafeEqual(actual, expected);
  }

  /** A hash at this cost to check against when the username is unknown, so that a miss costs as long as a wrong password. */
  dummyHash(): Promise<string> {
    this.dummy ??= this.hash(randomBytes(SALT_BYTES).toString('base64'));
    return this.dummy;
  }
}
