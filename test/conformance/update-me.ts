/** PATCH /users/me. */
import { describe, expect, it } from 'vitest';

import type { BackendChoice } from '../../src/options.js';
import {
  expectErrorCode,
  expectPasswordRejected,
  expectPublicUser,
  expectStrongArgon2id,
  expectUnauthorized,
  expectValidationError,
} from './assertions.js';
import { uniqueEmail, type ConformanceClient } from './client.js';
import { expectCanLogIn, loginFirst } from './register.js';

const NEW_PASSWORD = 'a brand new passphrase';

/** Registers the tests of the update-me route, logged in through the first backend. */
export function describeUpdateMe(client: ConformanceClient): void {
  const backend = (): BackendChoice => client.backends[0]!;

  const patch = async (json: unknown, headers: Record<string, string>) =>
    client.request('PATCH', '/users/me', { json, headers });

  describe('PATCH /users/me', () => {
    it('answers 401 when not authenticated', async () => {
      expectUnauthorized(await patch({ email: uniqueEmail() }, {}));
      expectUnauthorized(await patch({ email: uniqueEmail() }, { authorization: 'Bearer nope' }));
    });

    it('changes the e-mail (trimmed, lower-cased) and sets isVerified to false', async () => {
      const { user, password, credential } = await client.registerAndLogin(backend());
      await client.sql(`UPDATE ${client.userTable} SET "isVerified" = ? WHERE "id" = ?`, [
        true,
        user.id,
      ]);
      const email = uniqueEmail('Changed');

      const result = await patch({ email: `  ${email.toUpperCase()} ` }, credential.headers);

      expect(result.status, result.text).toBe(200);
      expectPublicUser(result.json, email.toLowerCase());
      expect(result.json).toMatchObject({ id: user.id, isVerified: false });
      await expectCanLogIn(client, email.toLowerCase(), password);
    });

    it('answers 400 UPDATE_USER_EMAIL_ALREADY_EXISTS for an e-mail taken by another user', async () => {
      const other = await client.register();
      const { credential } = await client.registerAndLogin(backend());

      const result = await patch({ email: other.email.toUpperCase() }, credential.headers);
      expectErrorCode(result, 400, 'UPDATE_USER_EMAIL_ALREADY_EXISTS');
    });

    it('answers 400 UPDATE_USER_BAD_CURRENT_PASSWORD when currentPassword is missing or wrong', async () => {
      const { credential } = await client.registerAndLogin(backend());

      const missing = await patch({ password: NEW_PASSWORD }, credential.headers);
      const wrong = await patch(
        { password: NEW_PASSWORD, currentPassword: 'not my current password' },
        credential.headers,
      );

      expectErrorCode(missing, 400, 'UPDATE_USER_BAD_CURRENT_PASSWORD');
      expectErrorCode(wrong, 400, 'UPDATE_USER_BAD_CURRENT_PASSWORD');
    });

    it('answers 400 UPDATE_USER_INVALID_PASSWORD for a new password out of bounds', async () => {
      const { password, credential } = await client.registerAndLogin(backend());

      for (const tooBad of ['short', 'x'.repeat(129)]) {
        const result = await patch(
          { password: tooBad, currentPassword: password },
          credential.headers,
        );
        expectPasswordRejected(result, 'UPDATE_USER_INVALID_PASSWORD');
      }
    });

    it('changes the password when the current one is given', async () => {
      const { email, password, user, credential } = await client.registerAndLogin(backend());

      const result = await patch(
        { password: NEW_PASSWORD, currentPassword: password },
        credential.headers,
      );

      expect(result.status, result.text).toBe(200);
      expectPublicUser(result.json, email);
      await expectCanLogIn(client, email, NEW_PASSWORD);
      expectErrorCode(await loginFirst(client, email, password), 400, 'LOGIN_BAD_CREDENTIALS');
      const [row] = await client.sql(
        `SELECT "hashedPassword" FROM ${client.userTable} WHERE "id" = ?`,
        [user.id],
      );
      expectStrongArgon2id(row?.hashedPassword);
    });

    it('ignores id, isActive, isSuperuser, isVerified and hashedPassword in the body', async () => {
      const { email, password, user, credential } = await client.registerAndLogin(backend());

      const result = await patch(
        {
          id: 987_654_321,
          isActive: false,
          isSuperuser: true,
          isVerified: true,
          hashedPassword: 'x',
        },
        credential.headers,
      );

      expect(result.status, result.text).toBe(200);
      expect(result.json).toEqual(user);
      expect((await client.me(credential.headers)).json).toEqual(user);
      await expectCanLogIn(client, email, password);
    });

    it('answers 422 for mistyped fields', async () => {
      const { password, credential } = await client.registerAndLogin(backend());
      const cases = [
        { email: 42 },
        { email: 'not-an-e-mail' },
        { email: { $ne: null } },
        { password: 1234567890123, currentPassword: password },
        { password: NEW_PASSWORD, currentPassword: ['x'] },
      ];
      for (const json of cases) expectValidationError(await patch(json, credential.headers));
    });
  });
}
