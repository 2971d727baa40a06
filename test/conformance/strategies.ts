/**
 * What each strategy promises beyond the routes: JWT verification that pins
 * the algorithm and checks audience and expiry, and opaque tokens stored only
 * as SHA-256 hashes in the database or in Redis.
 */
import { randomBytes } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import type { BackendChoice } from '../../src/options.js';
import { expectUnauthorized } from './assertions.js';
import { tokenHashes, type ConformanceClient, type Credential } from './client.js';
import { decodeJwt, nowSeconds, signJwt, unsignedJwt } from './jwt.js';

/** Registers the strategy tests of every backend. */
export function describeStrategies(client: ConformanceClient): void {
  for (const backend of client.backends) {
    describe(`${backend.name}: ${backend.strategy} strategy`, () => {
      if (backend.strategy === 'jwt') describeJwt(client, backend);
      if (backend.strategy === 'database') describeDatabase(client, backend);
      if (backend.strategy === 'redis') describeRedis(client, backend);
    });
  }
}

function describeJwt(client: ConformanceClient, backend: BackendChoice): void {
  /** Logs in and returns the credential with its decoded claims. */
  const loggedIn = async () => {
    const { user, credential } = await client.registerAndLogin(backend);
    return { user, credential, claims: decodeJwt(credential.token).payload };
  };
  const meWith = (credential: Credential, token: string) =>
    client.me(client.withToken(credential, token).headers);

  it('issues HS256 tokens with sub, aud, iat, exp (the lifetime) and jti', async () => {
    const { user, credential, claims } = await loggedIn();

    expect(decodeJwt(credential.token).header).toMatchObject({ alg: 'HS256' });
    expect(String(claims.sub)).toBe(String(user.id));
    expect(claims.aud).toBeDefined();
    expect(claims.jti).toEqual(expect.any(String));
    expect(Number(claims.exp) - Number(claims.iat)).toBe(client.lifetime(backend));
    expect(Math.abs(Number(claims.iat) - nowSeconds())).toBeLessThan(60);
  });

  it('accepts a token re-signed with AUTH_JWT_SECRET as written (control)', async () => {
    const { credential, claims } = await loggedIn();
    const resigned = signJwt(
      { ...claims, jti: randomBytes(8).toString('hex') },
      client.target.jwtSecret,
    );

    const result = await meWith(credential, resigned);
    expect(result.status, result.text).toBe(200);
  });

  it('refuses alg none, another secret and another HMAC algorithm', async () => {
    const { credential, claims } = await loggedIn();
    const secret = client.target.jwtSecret;
    const forged = [
      unsignedJwt(claims),
      signJwt(claims, `${secret}-but-not-quite`),
      signJwt(claims, randomBytes(32).toString('base64url')),
      signJwt(claims, secret, 'HS512'),
      signJwt(claims, secret, 'HS384'),
    ];
    for (const token of forged) expectUnauthorized(await meWith(credential, token));
  });

  it('refuses a wrong or missing audience', async () => {
    const { credential, claims } = await loggedIn();
    const { aud: _aud, ...withoutAud } = claims;
    const secret = client.target.jwtSecret;

    expectUnauthorized(
      await meWith(credential, signJwt({ ...claims, aud: 'some-other-app' }, secret)),
    );
    expectUnauthorized(await meWith(credential, signJwt(withoutAud, secret)));
  });

  it('refuses a token without exp', async () => {
    const { credential, claims } = await loggedIn();
    const { exp: _exp, ...withoutExp } = claims;
    expectUnauthorized(await meWith(credential, signJwt(withoutExp, client.target.jwtSecret)));
  });

  it('refuses a subject that is missing, unknown or not an id', async () => {
    const { credential, claims } = await loggedIn();
    const { sub: _sub, ...withoutSub } = claims;
    const secret = client.target.jwtSecret;
    const subjects: unknown[] = ['999999999', 'not-an-id', '', { id: claims.sub }, ['1'], -1, 1.5];

    expectUnauthorized(await meWith(credential, signJwt(withoutSub, secret)));
    for (const sub of subjects) {
      expectUnauthorized(await meWith(credential, signJwt({ ...claims, sub }, secret)));
    }
  });
}

function describeDatabase(client: ConformanceClient, backend: BackendChoice): void {
  const tokenRows = (userId: unknown) =>
    client.sql(`SELECT * FROM ${client.accessTokenTable} WHERE "userId" = ?`, [userId]);

  it('stores only the SHA-256 hash of the token, with its user and lifetime', async () => {
    const { user, credential } = await client.registerAndLogin(backend);
    const rows = await tokenRows(user.id);

    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    const { hex, base64url } = tokenHashes(credential.token);
    expect([hex, base64url]).toContain(row.tokenHash);
    expect(String(row.userId)).toBe(String(user.id));
    for (const value of Object.values(row)) expect(String(value)).not.toContain(credential.token);
    const lifetimeMs = toMs(row.expiresAt) - toMs(row.createdAt);
    expect(Math.abs(lifetimeMs - client.lifetime(backend) * 1000)).toBeLessThan(60_000);
  });

  it('does not accept the stored hash as a token', async () => {
    const { user, credential } = await client.registerAndLogin(backend);
    const [row] = await tokenRows(user.id);

    expectUnauthorized(
      await client.me(client.withToken(credential, String(row?.tokenHash)).headers),
    );
  });

  it("deletes the user's tokens when the user is deleted (cascade)", async () => {
    const { user } = await client.registerAndLogin(backend);
    expect(await tokenRows(user.id)).toHaveLength(1);

    await client.sql(`DELETE FROM ${client.userTable} WHERE "id" = ?`, [user.id]);
    expect(await tokenRows(user.id)).toHaveLength(0);
  });
}

function describeRedis(client: ConformanceClient, backend: BackendChoice): void {
  const redis = () => {
    const inspector = client.target.redis;
    if (!inspector)
      throw new Error(`${backend.name} uses Redis: the target must give a redis inspector.`);
    return inspector;
  };

  /** The key a token was stored under, and the prefix in front of its hash. */
  const keyOf = async (token: string) => {
    const { hex, base64url } = tokenHashes(token);
    for (const hash of [hex, base64url]) {
      const [key, ...more] = await redis().keys(`*${hash}`);
      expect(more).toEqual([]);
      if (key !== undefined) return { key, hash, prefix: key.slice(0, -hash.length) };
    }
    throw new Error(`No Redis key ends with the SHA-256 of token ${token}.`);
  };

  /** Plants keys for the duration of a test, removing them afterwards. */
  const planting = async (keys: Record<string, string>, check: () => Promise<void>) => {
    try {
      for (const [key, value] of Object.entries(keys)) await redis().set(key, value, 300);
      await check();
    } finally {
      for (const key of Object.keys(keys)) await redis().del(key);
    }
  };

  it('stores the user id under <prefix><sha256(token)>, with a TTL of the lifetime', async () => {
    const { user, credential } = await client.registerAndLogin(backend);
    const { key } = await keyOf(credential.token);

    expect(await redis().get(key)).toBe(String(user.id));
    const ttl = await redis().ttl(key);
    expect(ttl).toBeGreaterThan(client.lifetime(backend) - 60);
    expect(ttl).toBeLessThanOrEqual(client.lifetime(backend));
    expect(await redis().keys(`*${credential.token}*`)).toEqual([]);
  });

  it('does not accept the key name or the hash as a token', async () => {
    const { credential } = await client.registerAndLogin(backend);
    const { key, hash } = await keyOf(credential.token);

    for (const token of [key, hash]) {
      expectUnauthorized(await client.me(client.withToken(credential, token).headers));
    }
  });

  it('never lets other keys in the same Redis authenticate', async () => {
    const { user, credential } = await client.registerAndLogin(backend);
    const { prefix } = await keyOf(credential.token);
    const raw = randomBytes(32).toString('base64url');
    const garbage = randomBytes(32).toString('base64url');
    const unprefixed = randomBytes(32).toString('base64url');
    const keys: Record<string, string> = {
      // The raw token as a key name: a server that skipped hashing would accept it.
      [`${prefix}${raw}`]: String(user.id),
      // A key of the right shape holding something that is not a user id.
      [`${prefix}${tokenHashes(garbage).hex}`]: '{"id":1,"isSuperuser":true}',
      [`${prefix}${tokenHashes(garbage).base64url}`]: '{"id":1,"isSuperuser":true}',
    };
    if (prefix !== '') keys[tokenHashes(unprefixed).hex] = String(user.id);
    if (prefix !== '') keys[tokenHashes(unprefixed).base64url] = String(user.id);

    await planting(keys, async () => {
      for (const token of [raw, garbage, unprefixed]) {
        expectUnauthorized(await client.me(client.withToken(credential, token).headers));
      }
    });
  });
}

function toMs(value: unknown): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number' || typeof value === 'bigint') return Number(value);
  const text = String(value);
  return /^\d+$/.test(text) ? Number(text) : Date.parse(text);
}
