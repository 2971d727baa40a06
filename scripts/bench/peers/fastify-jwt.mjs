// Peer: @fastify/jwt on Fastify 5. GET /me is `request.jwtVerify()` and nothing
// else: the user's fields travel in the token's claims, so there is no lookup
// (a deleted or deactivated user keeps access until the token expires).
import { randomUUID } from 'node:crypto';

import fastifyJwt from '@fastify/jwt';
import Fastify from 'fastify';

import { AUDIENCE, JWT_LIFETIME_SECONDS, inMemoryBenchUser, publicUser, verifyPassword } from './bench-user.mjs';
import { announceReady, closeOnSignal, peerSettings } from './peer-process.mjs';

const settings = peerSettings();
const benchUser = await inMemoryBenchUser();

const app = Fastify({ logger: false });
await app.register(fastifyJwt, {
  secret: settings.jwtSecret,
  // A number is read as seconds.
  sign: { algorithm: 'HS256', expiresIn: JWT_LIFETIME_SECONDS, aud: AUDIENCE },
  verify: { algorithms: ['HS256'], allowedAud: AUDIENCE },
});

app.post('/login', async (request, reply) => {
  const { email, password } = request.body ?? {};
  if (email !== benchUser.email || !(await verifyPassword(password, benchUser.passwordHash))) {
    return reply.code(400).send({ detail: 'LOGIN_BAD_CREDENTIALS' });
  }
  const { id, ...fields } = publicUser(benchUser);
  const token = app.jwt.sign({ ...fields, sub: id, jti: randomUUID() });
  return { access_token: token, token_type: 'bearer' };
});

app.get('/me', async (request) => {
  const { sub, email, isActive, isSuperuser, isVerified } = await request.jwtVerify();
  return { id: sub, email, isActive, isSuperuser, isVerified };
});

await app.listen({ port: settings.port, host: '127.0.0.1' });
announceReady('fastify-jwt', settings.baseUrl);
closeOnSignal([() => app.close()]);
