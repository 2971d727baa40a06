/** GET /users/me through every backend, and how the backends are tried in order. */
import { describe, expect, it } from 'vitest';

import type { BackendChoice } from '../../src/options.js';
import { expectPublicUser, expectUnauthorized } from './assertions.js';
import { tokenHashes, type ConformanceClient, type Credential } from './client.js';
import { nowSeconds, decodeJwt, signJwt } from './jwt.js';

/** Registers the current-user tests. */
export function describeCurrentUser(client: ConformanceClient): void {
  describe('GET /users/me', () => {
    it('answers 401 {"detail":"Unauthorized"} without a credential', async () => {
      expectUnauthorized(await client.me());
    });

    it('answers 401 to other schemes and malformed Authorization headers', async () => {
      const token = 'c29tZS10b2tlbi10aGF0LWlzLW5vdC1yZWFs';
      const values = [
        `Basic ${Buffer.from('a@example.com:password').toString('base64')}`,
        `Token ${token}`,
        `Bearer`,
        `Bearer `,
        `Bearer ${token} extra`,
        `Bearer\t${token}`,
        token,
        'Bearer ' + 'a'.repeat(8_000),
        'Bearer \u00ff\u00fe\u00fd',
      ];
      for (const authorization of values) expectUnauthorized(await client.me({ authorization }));
    });

    for (const backend of client.backends) {
      describe(`through ${backend.name}`, () => describeBackendCurrentUser(client, backend));
    }

    describeBackendOrder(client);
  });
}

function describeBackendCurrentUser(client: ConformanceClient, backend: BackendChoice): void {
  it('answers 200 with the logged-in user', async () => {
    const { email, user, credential } = await client.registerAndLogin(backend);
    const result = await client.me(credential.headers);

    expect(result.status, result.text).toBe(200);
    expectPublicUser(result.json, email);
    expect(result.json).toEqual(user);
  });

  it('answers 401 to a garbled token', async () => {
    const { credential } = await client.registerAndLogin(backend);
    const garbled = [
      `${credential.token.slice(0, -2)}${credential.token.endsWith('AA') ? 'BB' : 'AA'}`,
      credential.token.slice(1),
      `${credential.token}.`,
      'x',
      '%',
      '../../etc/passwd',
      '*',
    ];
    for (const token of garbled) {
      expectUnauthorized(await client.me(client.withToken(credential, token).headers));
    }
  });

  if (backend.transport === 'bearer') {
    it('matches the scheme case-insensitively', async () => {
      const { credential } = await client.registerAndLogin(backend);
      for (const scheme of ['bearer', 'BEARER', 'bEaReR']) {
        const result = await client.me({ authorization: `${scheme} ${credential.token}` });
        expect(result.status, `${scheme}: ${result.text}`).toBe(200);
      }
    });

    it('answers 401 when the token comes with another scheme', async () => {
      const { credential } = await client.registerAndLogin(backend);
      expectUnauthorized(await client.me({ authorization: `Token ${credential.token}` }));
      expectUnauthorized(await client.me({ authorization: `Basic ${credential.token}` }));
    });
  }

  // A cookie token sent as a bearer header is only foreign when no bearer backend
  // shares the strategy (a bearer-database backend reads the same table).
  const bearerTwin = client.backends.some(
    (b) => b.transport === 'bearer' && b.strategy === backend.strategy,
  );
  it.skipIf(backend.transport !== 'cookie' || bearerTwin)(
    'answers 401 to the cookie token sent as a bearer header',
    async () => {
      const { credential } = await client.registerAndLogin(backend);
      expectUnauthorized(await client.me({ authorization: `Bearer ${credential.token}` }));
    },
  );

  it('answers 401 to an expired token', async () => {
    const { credential } = await client.registerAndLogin(backend);
    const expired = await expireToken(client, credential);
    expectUnauthorized(await client.me(expired.headers));
  });

  it('answers 401 once the user is inactive', async () => {
    const { user, credential } = await client.registerAndLogin(backend);
    await client.sql(`UPDATE ${client.userTable} SET "isActive" = ? WHERE "id" = ?`, [
      false,
      user.id,
    ]);
    expectUnauthorized(await client.me(credential.headers));
  });

  it('answers 401 once the user is deleted', async () => {
    const { user, credential } = await client.registerAndLogin(backend);
    await client.sql(`DELETE FROM ${client.userTable} WHERE "id" = ?`, [user.id]);
    expectUnauthorized(await client.me(credential.headers));
  });
}

/** Makes a credential whose token has expired, in the way its strategy expires. */
async function expireToken(client: ConformanceClient, credential: Credential): Promise<Credential> {
  const { strategy } = credential.backend;
  if (strategy === 'jwt') {
    const { payload } = decodeJwt(credential.token);
    const past = nowSeconds() - 60;
    const token = signJwt({ ...payload, iat: past - 900, exp: past }, client.target.jwtSecret);
    return client.withToken(credential, token);
  }
  const { hex, base64url } = tokenHashes(credential.token);
  if (strategy === 'database') {
    // createdAt is in the past and stored in the same format as expiresAt.
    await client.sql(
      `UPDATE ${client.accessTokenTable} SET "expiresAt" = "createdAt" WHERE "tokenHash" IN (?, ?)`,
      [hex, base64url],
    );
    return credential;
  }
  // Redis expires a key by removing it.
  const redis = client.target.redis!;
  for (const key of [...(await redis.keys(`*${hex}`)), ...(await redis.keys(`*${base64url}`))]) {
    await redis.del(key);
  }
  return credential;
}

function describeBackendOrder(client: ConformanceClient): void {
  const later = client.backends.slice(1);
  if (later.length === 0) return;

  describe('backend order', () => {
    for (const backend of later) {
      it(`a bad credential for an earlier backend does not stop ${backend.name}`, async () => {
        const cookieNames = await cookieNamesOf(client);
        const { email, credential } = await client.registerAndLogin(backend);
        const result = await client.me(withBadCredentials(cookieNames, credential));
        expect(result.status, result.text).toBe(200);
        expect(result.json).toMatchObject({ email });
      });
    }
  });
}

const cookieNamesByClient = new WeakMap<ConformanceClient, Promise<string[]>>();

/** The cookie names of the cookie backends, learned by logging in once through each. */
function cookieNamesOf(client: ConformanceClient): Promise<string[]> {
  const known = cookieNamesByClient.get(client);
  if (known) return known;
  const learning = (async () => {
    const names: string[] = [];
    for (const backend of client.backends.filter((b) => b.transport === 'cookie')) {
      const { credential } = await client.registerAndLogin(backend);
      names.push(credential.headers.cookie!.split('=')[0]!);
    }
    return names;
  })();
  cookieNamesByClient.set(client, learning);
  return learning;
}

/** The credential's headers plus garbage in every other cookie and the bearer header. */
function withBadCredentials(cookieNames: string[], credential: Credential): Record<string, string> {
  const own = credential.headers.cookie?.split('=')[0];
  const cookies = cookieNames.filter((name) => name !== own).map((name) => `${name}=garbage.token`);
  if (credential.headers.cookie) cookies.push(credential.headers.cookie);
  const headers: Record<string, string> = { ...credential.headers };
  if (credential.backend.transport === 'cookie') headers.authorization = 'Bearer garbage.token';
  if (cookies.length > 0) headers.cookie = cookies.join('; ');
  return headers;
}
