/** POST /auth/{name}/logout, for every backend. */
import { describe, expect, it } from 'vitest';

import type { BackendChoice } from '../../src/options.js';
import { expectUnauthorized } from './assertions.js';
import type { ConformanceClient } from './client.js';

/** Registers the logout tests of every backend. */
export function describeLogout(client: ConformanceClient): void {
  for (const backend of client.backends) {
    describe(`POST /auth/${backend.name}/logout`, () => describeBackendLogout(client, backend));
  }
}

function describeBackendLogout(client: ConformanceClient, backend: BackendChoice): void {
  const path = `/auth/${backend.name}/logout`;

  it('answers 401 when not authenticated', async () => {
    expectUnauthorized(await client.request('POST', path));
    const { credential } = await client.registerAndLogin(backend);
    const garbled = client.withToken(credential, `${credential.token}x`);
    expectUnauthorized(await client.request('POST', path, { headers: garbled.headers }));
  });

  it('answers 204 with an empty body', async () => {
    const { credential } = await client.registerAndLogin(backend);
    const result = await client.request('POST', path, { headers: credential.headers });

    expect(result.status, result.text).toBe(204);
    expect(result.text).toBe('');
  });

  if (backend.transport === 'cookie') {
    it('expires the cookie with the same attributes and Max-Age=0', async () => {
      const { credential } = await client.registerAndLogin(backend);
      const result = await client.request('POST', path, { headers: credential.headers });

      expect(result.status, result.text).toBe(204);
      const cookieName = credential.headers.cookie!.split('=')[0];
      const expiring = result.setCookies.find((cookie) => cookie.name === cookieName);
      expect(expiring, `no Set-Cookie for ${cookieName}`).toBeDefined();
      expect(Object.fromEntries(expiring!.attributes), expiring!.raw).toEqual({
        'max-age': '0',
        path: '/',
        httponly: true,
        secure: true,
        samesite: expect.stringMatching(/^lax$/i),
        ...(expiring!.attributes.has('expires') ? { expires: expect.any(String) } : {}),
      });
    });
  }

  if (backend.strategy === 'jwt') {
    it('cannot revoke a JWT: the token works until it expires (documented)', async () => {
      const { credential } = await client.registerAndLogin(backend);
      await client.request('POST', path, { headers: credential.headers });

      const result = await client.me(credential.headers);
      expect(result.status, result.text).toBe(200);
    });
  } else {
    it('revokes the token: it no longer authenticates anything', async () => {
      const { credential } = await client.registerAndLogin(backend);
      expect((await client.me(credential.headers)).status).toBe(200);

      const result = await client.request('POST', path, { headers: credential.headers });
      expect(result.status, result.text).toBe(204);
      expectUnauthorized(await client.me(credential.headers));
      expectUnauthorized(await client.request('POST', path, { headers: credential.headers }));
    });

    it('revokes only the token it was called with', async () => {
      const { email, password } = await client.register();
      const first = await client.login(backend, email, password);
      const second = await client.login(backend, email, password);

      await client.request('POST', path, { headers: first.headers });
      expectUnauthorized(await client.me(first.headers));
      expect((await client.me(second.headers)).status).toBe(200);
    });
  }
}
