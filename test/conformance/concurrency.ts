/** Races on the unique e-mail: one winner, clean 400s for the rest, never a 500. */
import { describe, expect, it } from 'vitest';

import { expectErrorCode } from './assertions.js';
import { GOOD_PASSWORD, uniqueEmail, type ConformanceClient } from './client.js';

/** Registers the concurrency tests. */
export function describeConcurrency(client: ConformanceClient): void {
  describe('concurrent requests', () => {
    it('10 parallel registrations of one e-mail: exactly one 201, nine 400', async () => {
      const email = uniqueEmail('race');
      const variants = Array.from({ length: 10 }, (_, i) => (i % 2 ? email.toUpperCase() : email));

      const results = await Promise.all(
        variants.map((variant) =>
          client.request('POST', '/auth/register', {
            json: { email: variant, password: GOOD_PASSWORD },
          }),
        ),
      );

      const statuses = results.map((result) => result.status).sort();
      expect(statuses, results.map((r) => r.text).join('\n')).toEqual([201, ...Array(9).fill(400)]);
      for (const result of results.filter((r) => r.status === 400)) {
        expectErrorCode(result, 400, 'REGISTER_USER_ALREADY_EXISTS');
      }
    });

    it('20 logins at once, right, wrong and unknown mixed: each gets its own answer', async () => {
      // Password checks wait in line for a free core; a refused one must pass its
      // turn on like a successful one, or the logins behind it would hang.
      const backend = client.backends[0]!;
      const { email, password } = await client.register();
      const attempts = Array.from({ length: 20 }, (_, i) =>
        [
          { email, password, expected: 'ok' },
          { email, password: `${password}?`, expected: 'refused' },
          { email: uniqueEmail('nobody'), password, expected: 'refused' },
        ][i % 3]!,
      );

      const results = await Promise.all(
        attempts.map(({ email: address, password: secret }) =>
          client.request('POST', `/auth/${backend.name}/login`, {
            json: { email: address, password: secret },
          }),
        ),
      );

      results.forEach((result, i) => {
        if (attempts[i]!.expected === 'refused') {
          expectErrorCode(result, 400, 'LOGIN_BAD_CREDENTIALS');
        } else {
          expect(result.status, result.text).toBe(backend.transport === 'bearer' ? 200 : 204);
        }
      });
    });

    it('two users racing to one new e-mail: one 200, one 400', async () => {
      const backend = client.backends[0]!;
      const first = await client.registerAndLogin(backend);
      const second = await client.registerAndLogin(backend);
      const email = uniqueEmail('race');

      const results = await Promise.all(
        [first, second].map(({ credential }) =>
          client.request('PATCH', '/users/me', { json: { email }, headers: credential.headers }),
        ),
      );

      const statuses = results.map((result) => result.status).sort();
      expect(statuses, results.map((r) => r.text).join('\n')).toEqual([200, 400]);
      expectErrorCode(
        results.find((r) => r.status === 400)!,
        400,
        'UPDATE_USER_EMAIL_ALREADY_EXISTS',
      );
    });
  });
}
