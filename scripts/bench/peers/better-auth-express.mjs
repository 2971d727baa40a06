// Peer: Better Auth with e-mail and password on PostgreSQL (node-postgres Pool,
// its tables made by its own migration API), mounted on Express 5 as its Express
// guide shows. GET /me is `auth.api.getSession({ headers })`.
//
// SESSION_STORAGE=database (the default): each check reads the session row by
// token, then the user row (two queries; Better Auth joins in SQL only with its
// experimental joins option). SESSION_STORAGE=redis adds `secondaryStorage` on
// Redis (ioredis): sessions then live only in Redis, with a copy of the user, and
// each check is two GETs (the session, and the user's revoked-before mark).
// The cookie cache is off in both, as it is by default, so every check reaches
// the store instead of trusting a signed cookie for up to five minutes.
import { betterAuth } from 'better-auth';
import { getMigrations } from 'better-auth/db/migration';
import { fromNodeHeaders, toNodeHandler } from 'better-auth/node';
import express from 'express';
import { Redis } from 'ioredis';
import pg from 'pg';

import { announceReady, closeHttpServer, closeOnSignal, peerSettings } from './peer-process.mjs';

const settings = peerSettings();
const useRedis = process.env.SESSION_STORAGE === 'redis';
const name = useRedis ? 'better-auth-redis' : 'better-auth-database';
const pool = new pg.Pool({ connectionString: settings.databaseUrl });
const redis = useRedis ? new Redis(settings.redisUrl) : null;

/**
 * Better Auth's SecondaryStorage over ioredis; its TTLs are in seconds. It needs
 * `increment` too in production, where its rate limiter keeps counters here.
 */
function redisStorage(client, prefix) {
  return {
    get: (key) => client.get(prefix + key),
    getAndDelete: (key) => client.getdel(prefix + key),
    set: async (key, value, ttl) => {
      if (ttl) await client.set(prefix + key, value, 'EX', ttl);
      else await client.set(prefix + key, value);
    },
    delete: async (key) => {
      await client.del(prefix + key);
    },
    // One transaction: the key gets its TTL only when created, so the window does not slide.
    increment: async (key, ttl) => {
      const results = await client.multi().set(prefix + key, 0, 'EX', ttl, 'NX').incr(prefix + key).exec();
      return results[1][1];
    },
  };
}

const auth = betterAuth({
  database: pool,
  secret: settings.sessionSecret,
  baseURL: settings.baseUrl,
  emailAndPassword: { enabled: true },
  session: { cookieCache: { enabled: false } },
  secondaryStorage: redis ? redisStorage(redis, `${settings.redisPrefix}better-auth:`) : undefined,
  telemetry: { enabled: false },
});

const { runMigrations } = await getMigrations(auth.options);
await runMigrations();

const app = express();
app.all('/api/auth/*splat', toNodeHandler(auth));

app.get('/me', async (req, res) => {
  const session = await auth.api.getSession({ headers: fromNodeHeaders(req.headers) });
  if (!session) return res.status(401).json({ detail: 'Unauthorized' });
  const { user } = session;
  // Better Auth has no active or superuser flags: answered as fixed values, in our shape.
  res.json({ id: user.id, email: user.email, isActive: true, isSuperuser: false, isVerified: user.emailVerified });
});

const server = app.listen(settings.port, '127.0.0.1', () => announceReady(name, settings.baseUrl));
closeOnSignal([() => closeHttpServer(server), () => pool.end(), () => redis?.quit()]);
