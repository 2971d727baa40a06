// `node scripts/check-routes.mjs --url http://127.0.0.1:3000 [--cwd <project>]`:
// walks the auth routes of a running server that create-auth was run on, one round
// trip per backend in the project's create-auth.json: register a fresh user, log in,
// GET /users/me, log out, GET /users/me again. Prints each answer and exits non-zero
// when one is not what the reference behaviour says. It is how we try the tool on
// projects written by others (docs/real-projects.md); it sends real requests, so
// point it at a development server only.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:3000' },
    cwd: { type: 'string', default: '.' },
  },
});
const baseUrl = values.url.replace(/\/+$/, '');
const manifestPath = join(resolve(values.cwd), 'create-auth.json');
const { backends } = JSON.parse(readFileSync(manifestPath, 'utf8'));

let failures = 0;

async function call(method, path, { body, headers = {} } = {}) {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: body ? { 'content-type': 'application/json', ...headers } : headers,
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  return { status: response.status, text, cookie: response.headers.get('set-cookie') };
}

function expect(step, result, status) {
  const ok = result.status === status;
  if (!ok) failures += 1;
  console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${step}: ${result.status}${ok ? '' : ` (expected ${status}) ${result.text.slice(0, 300)}`}`);
  return ok;
}

const email = `check-${Date.now().toString(36)}@example.com`;
const credentials = { email, password: 'correct horse battery staple' };
console.log(`${baseUrl}: ${backends.length} backend(s) from ${manifestPath}`);
expect('POST /auth/register', await call('POST', '/auth/register', { body: credentials }), 201);

for (const { name, transport, strategy } of backends) {
  console.log(name);
  const login = await call('POST', `/auth/${name}/login`, { body: credentials });
  if (!expect('login', login, transport === 'bearer' ? 200 : 204)) continue;
  const headers =
    transport === 'bearer'
      ? { authorization: `Bearer ${JSON.parse(login.text).access_token}` }
      : { cookie: login.cookie?.split(';')[0] ?? '' };
  const me = await call('GET', '/users/me', { headers });
  if (expect('GET /users/me', me, 200) && JSON.parse(me.text).email !== email) {
    failures += 1;
    console.log(`  FAIL GET /users/me answered another user: ${me.text}`);
  }
  expect('logout', await call('POST', `/auth/${name}/logout`, { headers }), 204);
  // A JWT cannot be revoked: it stays valid until it expires (REFERENCE.md).
  const after = await call('GET', '/users/me', { headers });
  expect('GET /users/me after logout', after, strategy === 'jwt' ? 200 : 401);
}
expect('GET /users/me without credentials', await call('GET', '/users/me'), 401);

console.log(failures === 0 ? 'All answers as expected.' : `${failures} answer(s) not as expected.`);
process.exit(failures === 0 ? 0 : 1);
