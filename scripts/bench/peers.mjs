// The alternatives the HTTP benchmark measures beside the generated servers: one
// server process per peer (scripts/bench/peers/*.mjs), each with one user signed
// in through the peer's own routes, on the same PostgreSQL and Redis as ours.
//
// The peer files import their packages by name. They are copied into the
// workspace beside a `node_modules` link to the bench install
// (.cache/bench-deps/<hash>, from scripts/bench/package.json), so those imports
// resolve as in any project, with no loader flags or NODE_PATH.
//
// Fair-comparison settings: HS256 with a key made of 32 random bytes (base64url,
// used as written, as our AUTH_JWT_SECRET is), a 15-minute JWT lifetime, signed
// audience checked, NODE_ENV=production, no request logging.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';

import { BENCH_LOGIN, JWT_LIFETIME_SECONDS } from './peers/bench-user.mjs';
import { benchNodeModules, createDatabase, dropDatabase, freePort, requireFrom, root, stopProcess } from './shared.mjs';

/** Redis database the peers use, whatever database the given URL names. */
const REDIS_DATABASE = 9;

/**
 * @typedef {object} Peer
 * @property {string} name
 * @property {'express'|'fastify'|'hono'} framework
 * @property {string} does what one authenticated request costs the peer
 * @property {boolean} userLookup whether each request loads the user from the user store
 * @property {string} baseUrl
 * @property {string} path the authenticated route
 * @property {Record<string, string>} headers what authenticates a request to `path`
 * @property {() => Promise<void>} stop ends the process, drops its database, deletes its Redis keys
 */

/** The peers, in the order they are started and reported. */
const PEERS = [
  {
    name: 'passport-jwt',
    file: 'passport-jwt-express.mjs',
    framework: 'express',
    userLookup: true,
    database: true,
    does: 'verifies the HS256 bearer JWT (jsonwebtoken, the key as a string as its README shows), then SELECTs the user by id from PostgreSQL',
    signIn: async (baseUrl) => {
      await postJson(baseUrl, '/register', BENCH_LOGIN, 201);
      return bearerLogin(baseUrl, '/login');
    },
  },
  {
    name: 'fastify-jwt',
    file: 'fastify-jwt.mjs',
    framework: 'fastify',
    userLookup: false,
    does: 'verifies the HS256 bearer JWT (fast-jwt, no verify cache) and answers its claims; no user lookup',
    signIn: (baseUrl) => bearerLogin(baseUrl, '/login'),
  },
  {
    name: 'hono-jwt',
    file: 'hono-jwt.mjs',
    framework: 'hono',
    userLookup: false,
    does: 'verifies the HS256 bearer JWT (hono/jwt, Web Crypto) and answers its claims; no user lookup',
    signIn: (baseUrl) => bearerLogin(baseUrl, '/login'),
  },
  {
    name: 'express-session',
    file: 'express-session-redis.mjs',
    framework: 'express',
    userLookup: false,
    redis: true,
    does: 'checks the signed session cookie, GETs the session (holding the user) from Redis and EXPIREs it to refresh the TTL; no user lookup',
    signIn: async (baseUrl) => ({ cookie: cookiesOf(await postJson(baseUrl, '/login', BENCH_LOGIN, 200)) }),
  },
  {
    name: 'better-auth-database',
    file: 'better-auth-express.mjs',
    framework: 'express',
    userLookup: true,
    database: true,
    env: { SESSION_STORAGE: 'database' },
    does: 'getSession, cookie cache off: checks the signed cookie, SELECTs the session by token, then the user, from PostgreSQL',
    signIn: betterAuthSignUp,
  },
  {
    name: 'better-auth-redis',
    file: 'better-auth-express.mjs',
    framework: 'express',
    userLookup: false,
    database: true,
    redis: true,
    env: { SESSION_STORAGE: 'redis' },
    does: 'getSession with Redis secondary storage, cookie cache off: checks the signed cookie, GETs the session (with a copy of the user) and the revocation mark from Redis; no database',
    signIn: betterAuthSignUp,
  },
];

/** Starts every peer server; each is ready, with one user logged in. */
export async function startPeers({ postgresUrl, redisUrl, workspace }) {
  const context = {
    dir: preparePeerFolder(workspace),
    pg: benchRequire('pg'),
    postgresUrl,
    redisUrl: redisDatabaseUrl(redisUrl),
    runId: `${process.pid}_${randomBytes(3).toString('hex')}`,
    jwtSecret: randomBytes(32).toString('base64url'),
    sessionSecret: randomBytes(32).toString('base64url'),
  };
  const started = [];
  try {
    for (const spec of PEERS) started.push(await startPeer(spec, context));
  } catch (error) {
    for (const peer of started) await peer.stop();
    throw error;
  }
  return started;
}

// ---------------------------------------------------------------------------
// One peer: its database, its process, its signed-in user.

async function startPeer(spec, context) {
  const databaseName = `create_auth_bench_peer_${spec.name.replaceAll('-', '_')}_${context.runId}`;
  const database = spec.database ? databaseName : null;
  const redisPrefix = `create_auth_bench_peer:${context.runId}:${spec.name}:`;
  const cleanUp = async () => {
    if (database) await dropDatabase(context.pg, context.postgresUrl, database);
    if (spec.redis) await deleteRedisKeys(context.redisUrl, redisPrefix);
  };
  let server = null;
  const stop = async () => {
    if (server) await stopProcess(server.child);
    await cleanUp();
  };
  try {
    const databaseUrl = database ? await createDatabase(context.pg, context.postgresUrl, database) : undefined;
    const env = {
      DATABASE_URL: databaseUrl,
      REDIS_URL: context.redisUrl,
      REDIS_PREFIX: redisPrefix,
      JWT_SECRET: context.jwtSecret,
      SESSION_SECRET: context.sessionSecret,
      ...spec.env,
    };
    server = await startProcess(join(context.dir, spec.file), spec.name, env);
    const headers = await spec.signIn(server.baseUrl);
    await expectMe(server.baseUrl, headers, spec.name);
    const { name, framework, does, userLookup } = spec;
    return { name, framework, does, userLookup, baseUrl: server.baseUrl, path: '/me', headers, stop };
  } catch (error) {
    const output = server ? `\n--- ${spec.name} output ---\n${server.output()}` : '';
    await stop().catch(() => undefined);
    throw new Error(`Peer ${spec.name} did not start: ${error.message}${output}`, { cause: error });
  }
}

/** Copies the peer files into the workspace and links the bench install beside them. */
function preparePeerFolder(workspace) {
  const dir = join(workspace, 'peers');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(join(root, 'scripts/bench/peers'), dir, { recursive: true });
  symlinkSync(benchNodeModules(), join(dir, 'node_modules'), 'dir');
  return dir;
}

function benchRequire(name) {
  return requireFrom(benchNodeModules(), name);
}

// ---------------------------------------------------------------------------
// Processes.

/** `node <file>` with NODE_ENV=production, resolved once it prints its ready line. */
async function startProcess(file, name, env) {
  const port = await freePort();
  const child = spawn(process.execPath, [file], {
    cwd: join(file, '..'),
    env: { ...process.env, ...env, PORT: String(port), NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no ready line within 30 s')), 30_000);
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = /ready on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with code ${code}`));
    });
  });
  try {
    return { child, baseUrl: await ready, output: () => output };
  } catch (error) {
    await stopProcess(child);
    throw new Error(`${name} ${error.message}\n--- ${name} output ---\n${output}`);
  }
}

// ---------------------------------------------------------------------------
// Stores: a fresh PostgreSQL database per peer that needs one, Redis keys under
// a prefix of this run (never a flush: the Redis database is shared).

function redisDatabaseUrl(redisUrl) {
  const url = new URL(redisUrl);
  url.pathname = `/${REDIS_DATABASE}`;
  return url.toString();
}

async function deleteRedisKeys(redisUrl, prefix) {
  const { Redis } = benchRequire('ioredis');
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

// ---------------------------------------------------------------------------
// Signing in through each peer's own routes.

async function postJson(baseUrl, path, body, expectedStatus, headers = {}) {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  if (response.status !== expectedStatus) {
    throw new Error(`POST ${path} answered ${response.status}, not ${expectedStatus}: ${await response.text()}`);
  }
  return response;
}

/** Logs in for a bearer JWT and checks it is HS256 with our 15-minute lifetime. */
async function bearerLogin(baseUrl, path) {
  const { access_token: token } = await (await postJson(baseUrl, path, BENCH_LOGIN, 200)).json();
  const decode = (part) => JSON.parse(Buffer.from(part, 'base64url').toString());
  const [header, claims] = token.split('.', 2).map(decode);
  if (header.alg !== 'HS256' || claims.exp - claims.iat !== JWT_LIFETIME_SECONDS) {
    throw new Error(`token is ${header.alg} for ${claims.exp - claims.iat} s, not HS256 for ${JWT_LIFETIME_SECONDS} s`);
  }
  return { authorization: `Bearer ${token}` };
}

/** The `name=value` pairs of a response's Set-Cookie headers, as a Cookie header. */
function cookiesOf(response) {
  const cookies = response.headers.getSetCookie().map((line) => line.split(';')[0]);
  if (cookies.length === 0) throw new Error(`${response.url} set no cookie`);
  return cookies.join('; ');
}

async function betterAuthSignUp(baseUrl) {
  const body = { ...BENCH_LOGIN, name: 'Bench User' };
  const response = await postJson(baseUrl, '/api/auth/sign-up/email', body, 200, { origin: baseUrl });
  return { cookie: cookiesOf(response) };
}

/** /me answers the bench user with the headers, and 401 without them. */
async function expectMe(baseUrl, headers, name) {
  const anonymous = await fetch(`${baseUrl}/me`);
  await anonymous.arrayBuffer();
  if (anonymous.status !== 401) {
    throw new Error(`GET /me without credentials answered ${anonymous.status}, not 401`);
  }
  const response = await fetch(`${baseUrl}/me`, { headers });
  const body = await response.text();
  if (response.status !== 200) throw new Error(`GET /me answered ${response.status}: ${body}`);
  const user = JSON.parse(body);
  if (user.email !== BENCH_LOGIN.email) throw new Error(`GET /me on ${name} answered another user: ${body}`);
}
