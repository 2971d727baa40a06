// Peer: passport + passport-jwt on Express 5, the way passport-jwt's README sets
// it up: a bearer token, a verify callback that loads the user by the token's
// `sub` from PostgreSQL (node-postgres, a `users` table this file creates), and
// `passport.authenticate('jwt', { session: false })` on the route. The key is the
// secret string, as the README passes it.
import { randomUUID } from 'node:crypto';

import express from 'express';
import jwt from 'jsonwebtoken';
import passport from 'passport';
import { ExtractJwt, Strategy as JwtStrategy } from 'passport-jwt';
import pg from 'pg';

import { AUDIENCE, JWT_LIFETIME_SECONDS, hashPassword, publicUser, verifyPassword } from './bench-user.mjs';
import { announceReady, closeHttpServer, closeOnSignal, peerSettings } from './peer-process.mjs';

const settings = peerSettings();
const pool = new pg.Pool({ connectionString: settings.databaseUrl });

await pool.query(`CREATE TABLE IF NOT EXISTS users (
  id uuid PRIMARY KEY,
  email text NOT NULL UNIQUE,
  password_hash text NOT NULL,
  is_active boolean NOT NULL DEFAULT true,
  is_superuser boolean NOT NULL DEFAULT false,
  is_verified boolean NOT NULL DEFAULT false
)`);

const USER_COLUMNS =
  'id, email, password_hash AS "passwordHash", is_active AS "isActive", ' +
  'is_superuser AS "isSuperuser", is_verified AS "isVerified"';

async function findUser(column, value) {
  const { rows } = await pool.query(`SELECT ${USER_COLUMNS} FROM users WHERE ${column} = $1`, [value]);
  return rows[0] ?? null;
}

passport.use(
  new JwtStrategy(
    {
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: settings.jwtSecret,
      algorithms: ['HS256'],
      audience: AUDIENCE,
    },
    (claims, done) => {
      findUser('id', claims.sub).then(
        (user) => done(null, user?.isActive ? user : false),
        (error) => done(error, false),
      );
    },
  ),
);

const app = express();
app.use(express.json());

app.post('/register', async (req, res) => {
  const { email, password } = req.body ?? {};
  const { rows } = await pool.query(
    `INSERT INTO users (id, email, password_hash) VALUES ($1, $2, $3) RETURNING ${USER_COLUMNS}`,
    [randomUUID(), email, await hashPassword(password)],
  );
  res.status(201).json(publicUser(rows[0]));
});

app.post('/login', async (req, res) => {
  const { email, password } = req.body ?? {};
  const user = await findUser('email', email);
  if (!user || !(await verifyPassword(password, user.passwordHash))) {
    return res.status(400).json({ detail: 'LOGIN_BAD_CREDENTIALS' });
  }
  const token = jwt.sign({}, settings.jwtSecret, {
    algorithm: 'HS256',
    subject: user.id,
    audience: AUDIENCE,
    expiresIn: JWT_LIFETIME_SECONDS,
    jwtid: randomUUID(),
  });
  res.json({ access_token: token, token_type: 'bearer' });
});

app.get('/me', passport.authenticate('jwt', { session: false }), (req, res) => {
  res.json(publicUser(req.user));
});

const server = app.listen(settings.port, '127.0.0.1', () => announceReady('passport-jwt', settings.baseUrl));
closeOnSignal([() => closeHttpServer(server), () => pool.end()]);
