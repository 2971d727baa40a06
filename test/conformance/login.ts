/** POST /auth/{name}/login, for every backend. */
import { describe, expect, it } from 'vitest';

import type { BackendChoice } from '../../src/options.js';
import { expectErrorCode, expectStrongArgon2id, expectValidationError } from './assertions.js';
import {
  GOOD_PASSWORD,
  uniqueEmail,
  type ConformanceClient,
  type HttpResult,
  type RequestOptions,
} from './client.js';
import { loginFirst } from './register.js';

/** An argon2id hash made with costs below the minimum (m = 1 MiB, t = 1), and its password. */
const WEAK_HASH = {
  password: 'weak parameters passphrase',
  hash: '$argon2id$v=19$m=1024,t=1,p=1$/EOabXwSr1WLBJta5r9Bew$1qSBvOYlXNZNw6595stgTlKOqrHzyx4+85pbV8dqtsI',
};

/** Registers the login tests of every backend, and the timing test once. */
export function describeLogin(client: ConformanceClient): void {
  for (const backend of client.backends) {
    describe(`POST /auth/${backend.name}/login`, () => describeBackendLogin(client, backend));
  }

  describe('passwords at login', () => {
    it('re-hashes a password stored with weaker argon2 costs', async () => {
      const { email, user } = await client.register();
      await client.sql(`UPDATE ${client.userTable} SET "hashedPassword" = ? WHERE "id" = ?`, [
        WEAK_HASH.hash,
        user.id,
      ]);

      const result = await loginFirst(client, email, WEAK_HASH.password);
      expect(result.status, result.text).toBeLessThan(300);
      const [row] = await client.sql(
        `SELECT "hashedPassword" FROM ${client.userTable} WHERE "id" = ?`,
        [user.id],
      );
      expectStrongArgon2id(row?.hashedPassword);
    });

    it('spends a hash on an unknown e-mail too, so timing does not reveal accounts', async () => {
      const { email } = await client.register();
      const unknown = await medianMs(() =>
        loginFirst(client, uniqueEmail('nobody'), GOOD_PASSWORD),
      );
      const wrong = await medianMs(() => loginFirst(client, email, 'wrong passphrase here'));

      // Without a hash an unknown e-mail answers in a few ms; with one, as slowly
      // as a wrong password. A ratio, because absolute timings are noisy here.
      expect(unknown / wrong).toBeGreaterThan(0.4);
    });
  });
}

function describeBackendLogin(client: ConformanceClient, backend: BackendChoice): void {
  const path = `/auth/${backend.name}/login`;

  it('accepts JSON e-mail and password', async () => {
    const { email, password } = await client.register();
    const result = await client.request('POST', path, { json: { email, password } });
    expectLoginSuccess(client, backend, result);
  });

  it('accepts the OAuth2 password form (username and password)', async () => {
    const { email, password } = await client.register();
    const result = await client.request('POST', path, { form: { username: email, password } });
    expectLoginSuccess(client, backend, result);
  });

  it('finds the user whatever the case and spacing of the e-mail', async () => {
    const { email, password } = await client.register();
    const result = await client.request('POST', path, {
      json: { email: ` ${email.toUpperCase()} `, password },
    });
    expectLoginSuccess(client, backend, result);
  });

  it('answers 400 LOGIN_BAD_CREDENTIALS for an unknown e-mail or a wrong password', async () => {
    const { email } = await client.register();
    const unknown = await client.request('POST', path, {
      json: { email: uniqueEmail('nobody'), password: GOOD_PASSWORD },
    });
    const wrong = await client.request('POST', path, {
      json: { email, password: `${GOOD_PASSWORD}!` },
    });
    const wrongForm = await client.request('POST', path, {
      form: { username: email, password: 'not the password at all' },
    });

    expectErrorCode(unknown, 400, 'LOGIN_BAD_CREDENTIALS');
    expectErrorCode(wrong, 400, 'LOGIN_BAD_CREDENTIALS');
    expectErrorCode(wrongForm, 400, 'LOGIN_BAD_CREDENTIALS');
    expect(wrong.setCookies).toEqual([]);
  });

  it('answers 400 LOGIN_BAD_CREDENTIALS for an inactive user', async () => {
    const { email, password, user } = await client.register();
    await client.sql(`UPDATE ${client.userTable} SET "isActive" = ? WHERE "id" = ?`, [
      false,
      user.id,
    ]);

    const result = await client.request('POST', path, { json: { email, password } });
    expectErrorCode(result, 400, 'LOGIN_BAD_CREDENTIALS');
  });

  it('answers 422 when a field is missing or not a string', async () => {
    const cases: RequestOptions[] = [
      { json: {} },
      { json: { email: uniqueEmail() } },
      { json: { password: GOOD_PASSWORD } },
      { json: { email: { $gt: '' }, password: GOOD_PASSWORD } },
      { json: { email: uniqueEmail(), password: { $ne: null } } },
      { form: { username: uniqueEmail() } },
      { form: { password: GOOD_PASSWORD } },
    ];
    for (const options of cases) {
      const result = await client.request('POST', path, options);
      expectValidationError(result);
    }
  });

  if (backend.strategy !== 'jwt') {
    it('issues a fresh 32-byte base64url token on every login', async () => {
      const { email, password } = await client.register();
      const first = await client.login(backend, email, password);
      const second = await client.login(backend, email, password);

      expect(first.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(second.token).not.toBe(first.token);
    });
  }
}

function expectLoginSuccess(client: ConformanceClient, backend: BackendChoice, result: HttpResult) {
  if (backend.transport === 'bearer') {
    expect({ status: result.status, body: result.json }, result.text).toEqual({
      status: 200,
      body: { access_token: expect.any(String), token_type: 'bearer' },
    });
    return;
  }
  expect(result.status, result.text).toBe(204);
  expect(result.text).toBe('');
  expect(result.setCookies).toHaveLength(1);
  const cookie = result.setCookies[0]!;
  expect(cookie.value).not.toBe('');
  expect(Object.fromEntries(cookie.attributes), cookie.raw).toEqual({
    'max-age': String(client.lifetime(backend)),
    path: '/',
    httponly: true,
    secure: true,
    samesite: expect.stringMatching(/^lax$/i),
    // Express adds Expires alongside Max-Age; browsers prefer Max-Age.
    ...(cookie.attributes.has('expires') ? { expires: expect.any(String) } : {}),
  });
}

async function medianMs(action: () => Promise<unknown>, runs = 5): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    await action();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(runs / 2)]!;
}
