// Peer: express-session with connect-redis (node-redis client) on Express 5. The
// login route puts the user in the session; GET /me answers req.session.user.
// Per request express-session checks the cookie's HMAC signature, reads the
// session from Redis (GET) and, since the session did not change, refreshes its
// TTL (EXPIRE). No database: the user is the copy made at login.
import { RedisStore } from 'connect-redis';
import express from 'express';
import session from 'express-session';
import { createClient } from 'redis';

import { inMemoryBenchUser, publicUser, verifyPassword } from './bench-user.mjs';
import { announceReady, closeHttpServer, closeOnSignal, peerSettings } from './peer-process.mjs';

const settings = peerSettings();
const benchUser = await inMemoryBenchUser();
const redis = createClient({ url: settings.redisUrl });
await redis.connect();

const app = express();
app.use(express.json());
app.use(
  session({
    store: new RedisStore({ client: redis, prefix: `${settings.redisPrefix}sess:` }),
    secret: settings.sessionSecret,
    resave: false,
    saveUninitialized: false,
    // Not Secure: the bench talks plain HTTP on 127.0.0.1. Seven days, like our cookies.
    cookie: { httpOnly: true, sameSite: 'lax', secure: false, maxAge: 7 * 24 * 3600 * 1000 },
  }),
);

app.post('/login', async (req, res, next) => {
  const { email, password } = req.body ?? {};
  if (email !== benchUser.email || !(await verifyPassword(password, benchUser.passwordHash))) {
    return res.status(400).json({ detail: 'LOGIN_BAD_CREDENTIALS' });
  }
  // A new session id at login, so a session fixed before it is not carried over.
  req.session.regenerate((error) => {
    if (error) return next(error);
    req.session.user = publicUser(benchUser);
    res.json(req.session.user);
  });
});

app.get('/me', (req, res) => {
  if (!req.session.user) return res.status(401).json({ detail: 'Unauthorized' });
  res.json(req.session.user);
});

const server = app.listen(settings.port, '127.0.0.1', () => announceReady('express-session', settings.baseUrl));
closeOnSignal([() => closeHttpServer(server), () => redis.quit()]);
