// The main job on the embedded default: copy the bundled Express + SQLite example
// to a temporary folder, install it, run `create-auth init --yes` on it, start the
// server, and show register → login → /users/me working over HTTP.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const project = mkdtempSync(join(tmpdir(), 'create-auth-demo-'));

function run(title, command, args, cwd) {
  console.log(`\n$ ${[command, ...args].join(' ')}    # ${title}`);
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${command} exited with ${result.status}`);
}

async function freePort() {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((done) => server.once('listening', done));
  const { port } = server.address();
  await new Promise((done) => server.close(done));
  return port;
}

async function startServer(port) {
  const server = spawn(join(project, 'node_modules/.bin/tsx'), ['src/index.ts'], {
    cwd: project,
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  server.stdout.on('data', (chunk) => (output += chunk));
  server.stderr.on('data', (chunk) => (output += chunk));
  for (let attempt = 0; attempt < 100; attempt++) {
    if (server.exitCode !== null) break;
    try {
      await fetch(`http://127.0.0.1:${port}/health`);
      return server;
    } catch {
      await new Promise((done) => setTimeout(done, 200));
    }
  }
  server.kill();
  throw new Error(`The server did not start:\n${output}`);
}

async function call(method, path, { port, body, headers = {}, note = '' }) {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers: body ? { 'content-type': 'application/json', ...headers } : headers,
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  const sent = Object.keys(headers).map((name) => ` [${name}]`).join('');
  console.log(`\n> ${method} ${path}${sent}${body ? ` ${JSON.stringify(body)}` : ''}${note ? `    # ${note}` : ''}`);
  const cookie = response.headers.get('set-cookie');
  if (cookie) console.log(`< Set-Cookie: ${cookie}`);
  console.log(`< ${response.status} ${text}`);
  return { status: response.status, json: text ? JSON.parse(text) : null, cookie };
}

async function roundTrip(port) {
  const credentials = { email: 'Ada@Example.com', password: 'correct horse battery staple' };
  const registered = await call('POST', '/auth/register', { port, body: credentials });
  const login = await call('POST', '/auth/bearer-jwt/login', { port, body: credentials });
  const bearer = { authorization: `Bearer ${login.json?.access_token}` };
  const me = await call('GET', '/users/me', { port, headers: bearer, note: 'with the bearer token' });
  const anonymous = await call('GET', '/users/me', { port, note: 'no token' });
  const cookieLogin = await call('POST', '/auth/cookie-database/login', { port, body: credentials });
  const cookie = { cookie: cookieLogin.cookie?.split(';')[0] ?? '' };
  const meByCookie = await call('GET', '/users/me', { port, headers: cookie, note: 'with the cookie' });
  const logout = await call('POST', '/auth/cookie-database/logout', { port, headers: cookie });
  const revoked = await call('GET', '/users/me', { port, headers: cookie, note: 'the same cookie after logout' });
  const statuses = [registered, login, me, anonymous, cookieLogin, meByCookie, logout, revoked].map((r) => r.status);
  const expected = [201, 200, 200, 401, 204, 200, 204, 401];
  if (statuses.join() !== expected.join() || me.json?.email !== 'ada@example.com') {
    throw new Error(`Expected ${expected.join(', ')}; got ${statuses.join(', ')}.`);
  }
}

console.log(`Copying the bundled example (Express 5 + Prisma 7 + SQLite) to ${project}`);
cpSync(join(root, 'examples/express-sqlite'), project, { recursive: true });
cpSync(join(project, '.env.example'), join(project, '.env'));
run('the example project', 'npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], project);
run('the main job', 'node', [join(root, 'bin/create-auth.js'), 'init', '--yes'], project);

const port = await freePort();
console.log(`\nStarting the example's server on port ${port}`);
const server = await startServer(port);
try {
  await roundTrip(port);
  console.log(`\n✔ register → login → /users/me works with a bearer JWT and a database cookie. The project is in ${project}`);
} finally {
  server.kill();
}
