// `npm run bench:http` (and the second half of `npm run bench`): the generated auth under load, on real servers on 127.0.0.1
// against the machine's PostgreSQL and Redis, driven by autocannon; every ratio is
// between numbers measured in this one run. Prints numbers; passes or fails nothing.
//
// For Express 5, Fastify 5 and Hono 4 (the test fixtures, taken through
// `create-auth init` with all six backends, all on PostgreSQL):
//   1. requests/s and p99 latency of an authenticated GET /users/me per backend, and
//      of a route on the same server that returns the same JSON without auth (the ceiling);
//   2. the alternatives (scripts/bench/peers.mjs) on the same PostgreSQL and Redis:
//      passport-jwt, @fastify/jwt, hono/jwt, express-session with connect-redis, and
//      Better Auth's session check on its database and on Redis secondary storage,
//      each beside our backend of the same kind on the same framework;
//   3. /users/me (bearer-jwt) while 20 logins run at once, as a ratio of it without them:
//      password hashing must not starve the server;
//   4. the server's RSS after 1,000 and after 100,000 authenticated requests.
//
// BENCH_SECONDS sets the length of each load run (default 5), BENCH_CONNECTIONS the
// connections autocannon keeps open (default 32), BENCH_FRAMEWORKS which frameworks
// run (default express,fastify,hono).
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { STRATEGIES, TRANSPORTS } from '../dist/options.js';
import { startPeers } from './bench/peers.mjs';
import { BENCH_LOGIN } from './bench/peers/bench-user.mjs';
import {
  benchNodeModules,
  cli,
  createDatabase,
  dropDatabase,
  fixtureNodeModules,
  freePort,
  machine,
  mustRun,
  requireFrom,
  root,
  stopProcess,
} from './bench/shared.mjs';

const seconds = Math.max(1, Number(process.env.BENCH_SECONDS ?? 5));
const connections = Math.max(1, Number(process.env.BENCH_CONNECTIONS ?? 32));
const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/9';
// Every backend, grouped by strategy as the tables print them: bearer-jwt, cookie-jwt, bearer-database, ...
const BACKENDS = STRATEGIES.flatMap((strategy) => TRANSPORTS.map((transport) => `${transport}-${strategy}`));
const CONCURRENT_LOGINS = 20;

/** Which of our backends each peer is measured against (on the peer's framework). */
const OURS_FOR_PEER = {
  'passport-jwt': 'bearer-jwt',
  'fastify-jwt': 'bearer-jwt',
  'hono-jwt': 'bearer-jwt',
  'express-session': 'cookie-redis',
  'better-auth-database': 'cookie-database',
  'better-auth-redis': 'cookie-redis',
};

const workspace = mkdtempSync(join(tmpdir(), 'create-auth-bench-http-'));
const autocannon = requireFrom(benchNodeModules(), 'autocannon');
const fixtureModules = fixtureNodeModules();
const pg = requireFrom(fixtureModules, 'pg');

// ---------------------------------------------------------------------------
// The servers: each fixture with the auth system init writes, and one more route.

/** The JSON /users/me answers, served as is by the ceiling route. */
const CEILING_BODY = { id: '00000000-0000-4000-8000-000000000000', email: BENCH_LOGIN.email, isActive: true, isSuperuser: false, isVerified: false };
const CEILING = JSON.stringify(CEILING_BODY);

const ALL_FRAMEWORKS = [
  {
    name: 'express',
    fixture: 'test/fixtures/express-cjs-postgres',
    ceiling: `app.get('/bench/ceiling', (_req, res) => {\n  res.json(${CEILING});\n});\n\napp.get('/health',`,
  },
  {
    name: 'fastify',
    fixture: 'test/fixtures/fastify-esm-postgres',
    ceiling: `app.get('/bench/ceiling', async () => (${CEILING}));\n\n  app.get('/health',`,
  },
  {
    name: 'hono',
    fixture: 'test/fixtures/hono-cjs-sqlite',
    ceiling: `app.get('/bench/ceiling', (c) => c.json(${CEILING}));\n\napp.get('/health',`,
    // The Hono fixture is a SQLite app that logs every request: on PostgreSQL and
    // without the request log it is measured like the other two.
    prepare: (dir) => {
      edit(dir, 'prisma/schema.prisma', (text) => text.replace('provider = "sqlite"', 'provider = "postgresql"'));
      rmSync(join(dir, 'prisma/migrations'), { recursive: true, force: true }); // SQLite's
      edit(dir, 'src/db.ts', () =>
        [
          "import { PrismaPg } from '@prisma/adapter-pg';",
          '',
          "import { PrismaClient } from './generated/prisma/client';",
          '',
          'export const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL }) });',
          '',
        ].join('\n'),
      );
      edit(dir, 'src/app.ts', (text) => text.replace("import { logger } from 'hono/logger';\n", '').replace('app.use(logger());\n\n', ''));
    },
  },
];

const chosen = (process.env.BENCH_FRAMEWORKS ?? 'express,fastify,hono').split(',');
const FRAMEWORKS = ALL_FRAMEWORKS.filter((framework) => chosen.includes(framework.name));

function edit(dir, path, change) {
  writeFileSync(join(dir, path), change(readFileSync(join(dir, path), 'utf8')));
}

/** Copies the fixture, runs init with all six backends, adds the ceiling route. */
async function prepareProject(framework) {
  const dir = join(workspace, framework.name);
  cpSync(join(root, framework.fixture), dir, { recursive: true });
  symlinkSync(fixtureModules, join(dir, 'node_modules'), 'dir');
  framework.prepare?.(dir);
  const database = `create_auth_bench_${framework.name}`;
  const databaseUrl = await createDatabase(pg, POSTGRES_URL, database);
  writeFileSync(join(dir, '.env'), `DATABASE_URL="${databaseUrl}"\n`);
  mustRun('node', [cli, 'init', '--yes', '--no-install', '--backends', BACKENDS.join(',')], dir, { REDIS_URL });
  edit(dir, 'src/app.ts', (text) => {
    const edited = text.replace(/app\.get\('\/health',/, framework.ceiling);
    if (edited === text) throw new Error(`No /health route to put the ceiling beside in ${framework.fixture}/src/app.ts`);
    return edited;
  });
  return { ...framework, dir, database, databaseUrl };
}

/** Starts the project's server (node with tsx's loader, one process) and waits for it. */
async function startServer(project) {
  const port = await freePort();
  const child = spawn('node', ['--import', 'tsx', 'src/index.ts'], {
    cwd: project.dir,
    env: { ...process.env, PORT: String(port), DATABASE_URL: project.databaseUrl, REDIS_URL, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const baseUrl = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 300; attempt++) {
    if (child.exitCode !== null) throw new Error(`${project.name} server exited:\n${output}`);
    try {
      await fetch(`${baseUrl}/bench/ceiling`);
      return { baseUrl, child, output: () => output };
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  child.kill('SIGKILL');
  throw new Error(`${project.name} server did not answer within 30 s:\n${output}`);
}

// ---------------------------------------------------------------------------
// Credentials: one user, and what each backend's login gives back.

async function post(baseUrl, path, body) {
  return fetch(`${baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

/** Registers the bench user and logs in through every backend: name → request headers. */
async function credentials(baseUrl) {
  const user = BENCH_LOGIN;
  const registered = await post(baseUrl, '/auth/register', user);
  if (registered.status !== 201) throw new Error(`register answered ${registered.status}: ${await registered.text()}`);
  const headers = {};
  for (const backend of BACKENDS) {
    const login = await post(baseUrl, `/auth/${backend}/login`, user);
    if (backend.startsWith('bearer')) {
      const { access_token: token } = await login.json();
      headers[backend] = { authorization: `Bearer ${token}` };
    } else {
      const cookie = login.headers.get('set-cookie')?.split(';')[0];
      if (!cookie) throw new Error(`${backend} login set no cookie (status ${login.status})`);
      headers[backend] = { cookie };
    }
    const me = await fetch(`${baseUrl}/users/me`, { headers: headers[backend] });
    if (me.status !== 200) throw new Error(`${backend}: /users/me answered ${me.status}`);
  }
  return { user, headers };
}

// ---------------------------------------------------------------------------
// Load.

/** One autocannon run; `requests` cycles through per-request headers when given. */
function load(options) {
  return new Promise((resolve, reject) => {
    autocannon({ connections, ...options }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

async function measure(url, headers) {
  await load({ url, headers, duration: 1 }); // warm-up: JIT, connection pools, caches
  const result = await load({ url, headers, duration: seconds });
  return { rps: result.requests.average, p99: result.latency.p99, bad: result.non2xx + result.errors + result.timeouts };
}

/** /users/me with bearer-jwt while CONCURRENT_LOGINS login loops run, and without them. */
async function measureWithLogins(server, creds) {
  const url = `${server.baseUrl}/users/me`;
  const quiet = await measure(url, creds.headers['bearer-jwt']);
  let running = true;
  let logins = 0;
  let failedLogins = 0;
  const loops = Array.from({ length: CONCURRENT_LOGINS }, async () => {
    while (running) {
      const response = await post(server.baseUrl, '/auth/bearer-jwt/login', creds.user);
      await response.arrayBuffer();
      if (response.status === 200) logins += 1;
      else failedLogins += 1;
    }
  });
  const busy = await measure(url, creds.headers['bearer-jwt']);
  running = false;
  await Promise.all(loops);
  return { quiet, busy, loginsPerSecond: logins / (seconds + 1), failedLogins };
}

function rssKiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? NaN);
}

/** RSS after 1,000 and after 100,000 /users/me requests spread over the six backends. */
async function measureMemory(server, creds) {
  const requests = BACKENDS.map((backend) => ({ method: 'GET', path: '/users/me', headers: creds.headers[backend] }));
  const url = server.baseUrl;
  await load({ url, requests, amount: 1000 });
  const afterThousand = rssKiB(server.child.pid);
  const result = await load({ url, requests, amount: 99_000 });
  const afterHundredThousand = rssKiB(server.child.pid);
  return { afterThousand, afterHundredThousand, bad: result.non2xx + result.errors + result.timeouts };
}

// ---------------------------------------------------------------------------
// The report.

const fmt = (n) => Math.round(n).toLocaleString('en-US');
const cell = (text, width) => String(text).padStart(width);

function printOverhead(rows) {
  console.log('\n1. GET /users/me per backend vs the ceiling (same server, same JSON, no auth)');
  console.log(['framework'.padEnd(9), 'route'.padEnd(16), cell('req/s', 9), cell('p99 ms', 7), cell('of ceiling', 10), cell('non-2xx', 8)].join('  '));
  for (const { framework, route, rps, p99, bad, ceiling } of rows) {
    const share = route === 'ceiling' ? '' : `${((rps / ceiling) * 100).toFixed(0)} %`;
    console.log([framework.padEnd(9), route.padEnd(16), cell(fmt(rps), 9), cell(p99, 7), cell(share, 10), cell(bad, 8)].join('  '));
  }
}

function printPeers(peers, overhead) {
  console.log('\n2. The alternatives: their authenticated route beside ours of the same kind, same framework, same stores');
  console.log(['peer'.padEnd(20), 'framework'.padEnd(9), 'looks up user'.padEnd(13), cell('req/s', 8), cell('p99 ms', 7), 'ours'.padEnd(15), cell('req/s', 8), cell('p99 ms', 7), cell('ours/peer', 9), cell('non-2xx', 8)].join('  '));
  for (const peer of peers) {
    const ours = overhead.find((row) => row.framework === peer.framework && row.route === OURS_FOR_PEER[peer.name]);
    const cells = [
      peer.name.padEnd(20),
      peer.framework.padEnd(9),
      (peer.userLookup ? 'yes' : 'no (less work)').padEnd(13),
      cell(fmt(peer.rps), 8),
      cell(peer.p99, 7),
      (ours?.route ?? '-').padEnd(15),
      cell(ours ? fmt(ours.rps) : '-', 8),
      cell(ours?.p99 ?? '-', 7),
      cell(ours ? (ours.rps / peer.rps).toFixed(2) : '-', 9),
      cell(peer.bad, 8),
    ];
    console.log(cells.join('  '));
  }
  console.log('Every route of ours loads the user from the database on each request (a deleted or deactivated user is');
  console.log('refused at once); there is no setting that skips it. What each peer does per request:');
  for (const peer of peers) console.log(`  ${peer.name}: ${peer.does}`);
}

function printLogins(rows) {
  console.log(`\n3. GET /users/me (bearer-jwt) while ${CONCURRENT_LOGINS} logins run at once (argon2id verify each)`);
  console.log(['framework'.padEnd(9), cell('alone req/s', 11), cell('busy req/s', 10), cell('ratio', 6), cell('busy p99', 8), cell('logins/s', 8)].join('  '));
  for (const { framework, quiet, busy, loginsPerSecond, failedLogins } of rows) {
    const failed = failedLogins ? `  (${failedLogins} failed logins)` : '';
    console.log([framework.padEnd(9), cell(fmt(quiet.rps), 11), cell(fmt(busy.rps), 10), cell((busy.rps / quiet.rps).toFixed(2), 6), cell(busy.p99, 8), cell(fmt(loginsPerSecond), 8)].join('  ') + failed);
  }
}

function printMemory(rows) {
  console.log('\n4. Server RSS after authenticated GET /users/me requests (spread over the six backends)');
  console.log(['framework'.padEnd(9), cell('after 1,000', 12), cell('after 100,000', 14), cell('ratio', 6), cell('non-2xx', 8)].join('  '));
  for (const { framework, afterThousand, afterHundredThousand, bad } of rows) {
    const mib = (kib) => `${(kib / 1024).toFixed(1)} MiB`;
    console.log([framework.padEnd(9), cell(mib(afterThousand), 12), cell(mib(afterHundredThousand), 14), cell((afterHundredThousand / afterThousand).toFixed(2), 6), cell(bad, 8)].join('  '));
  }
}

// ---------------------------------------------------------------------------

const projects = [];
try {
  console.log(`Machine: ${machine()}`);
  console.log(`Load: autocannon, ${connections} connections, ${seconds} s per run after 1 s of warm-up; PostgreSQL ${new URL(POSTGRES_URL).host}, Redis ${REDIS_URL}`);
  const overhead = [];
  const logins = [];
  const memory = [];
  for (const framework of FRAMEWORKS) {
    process.stdout.write(`${framework.name}: init ... `);
    const project = await prepareProject(framework);
    projects.push(project);
    const server = await startServer(project);
    try {
      const creds = await credentials(server.baseUrl);
      process.stdout.write('load ... ');
      const ceiling = await measure(`${server.baseUrl}/bench/ceiling`, {});
      overhead.push({ framework: framework.name, route: 'ceiling', ...ceiling, ceiling: ceiling.rps });
      for (const backend of BACKENDS) {
        const result = await measure(`${server.baseUrl}/users/me`, creds.headers[backend]);
        overhead.push({ framework: framework.name, route: backend, ...result, ceiling: ceiling.rps });
      }
      logins.push({ framework: framework.name, ...(await measureWithLogins(server, creds)) });
      memory.push({ framework: framework.name, ...(await measureMemory(server, creds)) });
      console.log('done');
    } finally {
      await stopProcess(server.child);
    }
  }
  process.stdout.write('peers: start ... ');
  const peers = await startPeers({ postgresUrl: POSTGRES_URL, redisUrl: REDIS_URL, workspace });
  const peerResults = [];
  try {
    process.stdout.write('load ... ');
    for (const peer of peers) {
      peerResults.push({ ...peer, ...(await measure(`${peer.baseUrl}${peer.path}`, peer.headers)) });
    }
    console.log('done');
  } finally {
    for (const peer of peers) await peer.stop();
  }
  printOverhead(overhead);
  printPeers(peerResults, overhead);
  printLogins(logins);
  printMemory(memory);
} finally {
  for (const project of projects) await dropDatabase(pg, POSTGRES_URL, project.database).catch(() => undefined);
  rmSync(workspace, { recursive: true, force: true });
}
