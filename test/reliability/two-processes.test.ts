/**
 * Two server processes of one generated project, sharing its PostgreSQL database
 * and Redis, as behind a load balancer: a logout through one is refused by the
 * other on the very next request, and registrations of one e-mail racing across
 * both leave exactly one account.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { BackendChoice } from '../../src/options.js';
import { GOOD_PASSWORD as PASSWORD, uniqueEmail } from '../conformance/client.js';
import { GeneratedProject } from '../support/generated-project.js';
import type { StartedServer } from '../support/server.js';

const RACERS = 20;

describe('two server processes sharing PostgreSQL and Redis', () => {
  const project = new GeneratedProject();
  let a: StartedServer;
  let b: StartedServer;
  beforeAll(async () => {
    await project.setUpOnPostgres('test/fixtures/express-cjs-postgres', {
      redisUrl: 'redis://127.0.0.1:6379/13',
    });
    [a, b] = [project.server!, await project.start()];
    if (a.baseUrl === b.baseUrl) throw new Error(`both servers answered at ${a.baseUrl}`);
  });
  afterAll(() => project.tearDown());

  const backend = (name: string): BackendChoice =>
    project.backends.find((choice) => choice.name === name)!;

  for (const name of ['bearer-database', 'cookie-database', 'bearer-redis', 'cookie-redis']) {
    it(`refuses on B a ${name} token logged out through A, on the very next request`, async () => {
      const email = uniqueEmail(name);
      expect((await register(a, email)).status).toBe(201);
      const credential = await logIn(b, backend(name), email);
      expect((await me(b, credential)).status).toBe(200);
      expect((await me(a, credential)).status).toBe(200);

      const logout = await fetch(`${a.baseUrl}/auth/${name}/logout`, {
        method: 'POST',
        headers: credential,
      });
      expect(logout.status).toBe(204);

      const after = await me(b, credential);
      expect(after.status).toBe(401);
      expect(await after.json()).toEqual({ detail: 'Unauthorized' });
      expect((await me(a, credential)).status).toBe(401);
    });
  }

  it('accepts on B a JWT signed by A (one key for both)', async () => {
    const email = uniqueEmail('jwt');
    expect((await register(b, email)).status).toBe(201);
    const credential = await logIn(a, backend('bearer-jwt'), email);
    expect((await me(b, credential)).status).toBe(200);
  });

  // Three rounds: one race can be won by luck.
  for (const round of [1, 2, 3]) {
    it(`gives one account to ${RACERS} registrations of one e-mail racing across A and B (round ${round})`, async () => {
      const email = uniqueEmail(`race${round}`);
      const spellings = Array.from({ length: RACERS }, (_, i) => mixedCase(email, i));
      const answers = await Promise.all(
        spellings.map(async (spelling, i) => {
          const response = await register(i % 2 === 0 ? a : b, spelling);
          return { status: response.status, body: (await response.json()) as unknown };
        }),
      );

      expect(answers.filter(({ status }) => status === 201)).toHaveLength(1);
      const refused = answers.filter(({ status }) => status !== 201);
      expect(refused).toEqual(
        Array.from({ length: RACERS - 1 }, () => ({
          status: 400,
          body: { detail: 'REGISTER_USER_ALREADY_EXISTS' },
        })),
      );
      const rows = await project.sql!.sql('SELECT id, email FROM "User" WHERE lower(email) = ?', [
        email,
      ]);
      expect(rows).toHaveLength(1);
      expect(rows[0]!.email).toBe(email);
    });
  }
});

// The i-th spelling: letters upper-cased by the bits of i, so no two are alike.
function mixedCase(email: string, i: number): string {
  let bit = 0;
  return [...email]
    .map((char) => (/[a-z]/.test(char) && (i >> bit++) % 2 === 1 ? char.toUpperCase() : char))
    .join('');
}

function register(server: StartedServer, email: string): Promise<Response> {
  return fetch(`${server.baseUrl}/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
}

/** Logs in through a backend and returns the header that carries its token. */
async function logIn(
  server: StartedServer,
  backend: BackendChoice,
  email: string,
): Promise<Record<string, string>> {
  const response = await fetch(`${server.baseUrl}/auth/${backend.name}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  expect(response.status).toBeLessThan(300);
  if (backend.transport === 'bearer') {
    const { access_token: token } = (await response.json()) as { access_token: string };
    return { authorization: `Bearer ${token}` };
  }
  const cookie = /^auth=[^;]*/.exec(response.headers.get('set-cookie') ?? '')?.[0];
  expect(cookie).toBeDefined();
  return { cookie: cookie! };
}

function me(server: StartedServer, credential: Record<string, string>): Promise<Response> {
  return fetch(`${server.baseUrl}/users/me`, { headers: credential });
}
