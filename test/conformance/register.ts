/** POST /auth/register. */
import { describe, expect, it } from 'vitest';

import {
  expectErrorCode,
  expectPasswordRejected,
  expectPublicUser,
  expectStrongArgon2id,
  expectValidationError,
} from './assertions.js';
import { GOOD_PASSWORD, uniqueEmail, type ConformanceClient } from './client.js';

const FIRST_BACKEND_HINT = 'needs at least one backend to log in through';

/** Registers the tests of the register route. */
export function describeRegister(client: ConformanceClient): void {
  describe('POST /auth/register', () => {
    it('answers 201 with the public user and stores an argon2id hash', async () => {
      const email = uniqueEmail();
      const result = await client.request('POST', '/auth/register', {
        json: { email, password: GOOD_PASSWORD },
      });

      expect(result.status, result.text).toBe(201);
      expectPublicUser(result.json, email);
      expect(result.json).toMatchObject({ isActive: true, isSuperuser: false, isVerified: false });
      const id = (result.json as { id: unknown }).id;
      const [row] = await client.sql(
        `SELECT "hashedPassword" FROM ${client.userTable} WHERE "id" = ?`,
        [id],
      );
      expectStrongArgon2id(row?.hashedPassword);
    });

    it('ignores id, isActive, isSuperuser, isVerified and hashedPassword in the body', async () => {
      const email = uniqueEmail();
      const result = await client.request('POST', '/auth/register', {
        json: {
          email,
          password: GOOD_PASSWORD,
          id: 987_654_321,
          isActive: false,
          isSuperuser: true,
          isVerified: true,
          hashedPassword: 'not-a-hash',
        },
      });

      expect(result.status, result.text).toBe(201);
      expect(result.json).toMatchObject({ isActive: true, isSuperuser: false, isVerified: false });
      expect((result.json as { id: unknown }).id).not.toEqual(987_654_321);
      await expectCanLogIn(client, email, GOOD_PASSWORD);
    });

    // Express and Hono drop the key; Fastify's JSON parser refuses the whole body.
    it('ignores or refuses a __proto__ key trying to make a superuser', async () => {
      const email = uniqueEmail();
      const body = `{"email":"${email}","password":"${GOOD_PASSWORD}","__proto__":{"isSuperuser":true}}`;
      const result = await client.request('POST', '/auth/register', {
        body,
        headers: { 'content-type': 'application/json' },
      });

      expect([201, 422], result.text).toContain(result.status);
      const rows = await client.sql(`SELECT "isSuperuser" FROM ${client.userTable} WHERE email = ?`, [email]);
      expect(rows.map((row) => Boolean(row.isSuperuser))).toEqual(result.status === 201 ? [false] : []);
    });

    it('trims and lower-cases the e-mail before storing it', async () => {
      const email = uniqueEmail('MiXeD').toUpperCase();
      const result = await client.request('POST', '/auth/register', {
        json: { email: `  ${email}\t`, password: GOOD_PASSWORD },
      });

      expect(result.status, result.text).toBe(201);
      expect((result.json as { email: string }).email).toBe(email.toLowerCase());
      await expectCanLogIn(client, email.toLowerCase(), GOOD_PASSWORD);
    });

    it('answers 400 REGISTER_USER_ALREADY_EXISTS for a taken e-mail, in any case', async () => {
      const { email } = await client.register();

      const same = await client.request('POST', '/auth/register', {
        json: { email, password: GOOD_PASSWORD },
      });
      const shouting = await client.request('POST', '/auth/register', {
        json: { email: ` ${email.toUpperCase()} `, password: 'another passphrase here' },
      });

      expectErrorCode(same, 400, 'REGISTER_USER_ALREADY_EXISTS');
      expectErrorCode(shouting, 400, 'REGISTER_USER_ALREADY_EXISTS');
    });

    it('refuses passwords shorter than 12 or longer than 128 characters', async () => {
      const tooShort = await client.request('POST', '/auth/register', {
        json: { email: uniqueEmail(), password: 'x'.repeat(11) },
      });
      const tooLong = await client.request('POST', '/auth/register', {
        json: { email: uniqueEmail(), password: 'x'.repeat(129) },
      });

      expectPasswordRejected(tooShort, 'REGISTER_INVALID_PASSWORD');
      expectPasswordRejected(tooLong, 'REGISTER_INVALID_PASSWORD');
    });

    it('accepts passwords of exactly 12 and exactly 128 characters', async () => {
      await client.register({ password: 'y'.repeat(12) });
      await client.register({ password: 'z'.repeat(128) });
    });

    it('counts the length after NFKC normalization', async () => {
      // Six "ﬁ" ligatures are six characters as typed and twelve after NFKC.
      const password = '\uFB01'.repeat(6);
      const { email } = await client.register({ password });

      await expectCanLogIn(client, email, 'fi'.repeat(6));
    });

    it('lets a password typed in another Unicode form log in (NFKC)', async () => {
      const decomposed = 'cafe\u0301 cre\u0300me bru\u0302le\u0301e';
      const composed = decomposed.normalize('NFC');
      const fullWidth = '\uFF30\uFF21\uFF33\uFF33 phrase 2024';
      const first = await client.register({ password: decomposed });
      const second = await client.register({ password: fullWidth });

      await expectCanLogIn(client, first.email, composed);
      await expectCanLogIn(client, second.email, 'PASS phrase 2024');
    });

    it('neither trims nor case-folds passwords', async () => {
      const { email } = await client.register({ password: '  Spaces Around Me  ' });

      for (const variant of ['Spaces Around Me', '  spaces around me  ']) {
        const result = await loginFirst(client, email, variant);
        expectErrorCode(result, 400, 'LOGIN_BAD_CREDENTIALS');
      }
      await expectCanLogIn(client, email, '  Spaces Around Me  ');
    });

    it('answers 422 with one detail entry per problem for missing or mistyped fields', async () => {
      const cases: Array<[unknown, number]> = [
        [{}, 2],
        [{ email: uniqueEmail() }, 1],
        [{ password: GOOD_PASSWORD }, 1],
        [{ email: 42, password: GOOD_PASSWORD }, 1],
        [{ email: uniqueEmail(), password: 123456789012345 }, 1],
        [{ email: { $ne: null }, password: [GOOD_PASSWORD] }, 2],
        [{ email: 'not-an-e-mail', password: GOOD_PASSWORD }, 1],
      ];
      for (const [json, problems] of cases) {
        const result = await client.request('POST', '/auth/register', { json });
        expectValidationError(result, problems);
      }
    });
  });
}

/** Logs in through the first backend and returns the raw answer. */
export function loginFirst(client: ConformanceClient, email: string, password: string) {
  const backend = client.backends[0];
  if (!backend) throw new Error(`The conformance suite ${FIRST_BACKEND_HINT}.`);
  return client.request('POST', `/auth/${backend.name}/login`, { json: { email, password } });
}

/** Fails unless logging in through the first backend succeeds. */
export async function expectCanLogIn(client: ConformanceClient, email: string, password: string) {
  const result = await loginFirst(client, email, password);
  expect(result.status, `login as ${email}: ${result.text}`).toBeLessThan(300);
}
