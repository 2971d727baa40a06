// Peer: Hono 4's built-in JWT middleware (hono/jwt) on @hono/node-server. The
// middleware verifies the bearer token (HS256, audience, expiry) and GET /me
// answers from its claims: no lookup, as with @fastify/jwt.
import { randomUUID } from 'node:crypto';

import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { jwt, sign } from 'hono/jwt';

import { AUDIENCE, JWT_LIFETIME_SECONDS, inMemoryBenchUser, publicUser, verifyPassword } from './bench-user.mjs';
import { announceReady, closeHttpServer, closeOnSignal, peerSettings } from './peer-process.mjs';

const settings = peerSettings();
const benchUser = await inMemoryBenchUser();

const app = new Hono();

app.post('/login', async (c) => {
  const { email, password } = await c.req.json().catch(() => ({}));
  if (email !== benchUser.email || !(await verifyPassword(password, benchUser.passwordHash))) {
    return c.json({ detail: 'LOGIN_BAD_CREDENTIALS' }, 400);
  }
  const { id, ...fields } = publicUser(benchUser);
  const now = Math.floor(Date.now() / 1000);
  const claims = { ...fields, sub: id, aud: AUDIENCE, iat: now, exp: now + JWT_LIFETIME_SECONDS };
  const token = await sign({ ...claims, jti: randomUUID() }, settings.jwtSecret, 'HS256');
  return c.json({ access_token: token, token_type: 'bearer' });
});

app.use('/me', jwt({ secret: settings.jwtSecret, alg: 'HS256', verification: { aud: AUDIENCE } }));

app.get('/me', (c) => {
  const { sub, email, isActive, isSuperuser, isVerified } = c.get('jwtPayload');
  return c.json({ id: sub, email, isActive, isSuperuser, isVerified });
});

const server = serve({ fetch: app.fetch, port: settings.port, hostname: '127.0.0.1' }, () =>
  announceReady('hono-jwt', settings.baseUrl),
);
closeOnSignal([() => closeHttpServer(server)]);
