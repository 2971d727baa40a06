/**
 * Bad input on every route: the answer is a 4xx with a JSON body, never a 5xx
 * and never an HTML error page. Each kind of bad input is one test that tries
 * every route (logged out, and logged in where that gets further) and lists
 * every route that failed.
 */
import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';

import { describe, expect, it } from 'vitest';

import type { BackendChoice } from '../../src/options.js';
import {
  GOOD_PASSWORD,
  uniqueEmail,
  type ConformanceClient,
  type Credential,
  type HttpResult,
  type RegisteredUser,
} from './client.js';

interface Route {
  method: string;
  path: string;
  /** Logs in first, so the route gets past authentication to its body. */
  authenticated?: BackendChoice;
}

interface BadInput {
  name: string;
  body?: () => string | Uint8Array<ArrayBuffer>;
  headers?: Record<string, string>;
  /** The one status every route must answer with, when REFERENCE.md fixes it. */
  status?: number;
  /**
   * The server may answer before it has read the body and then close the connection
   * (Hono's node server does with a body over the limit), so the answer is read
   * with node:http, which sees it even when the upload is cut short.
   */
  answeredEarly?: boolean;
}

const JSON_TYPE = { 'content-type': 'application/json' };
const utf8 = (text: string) => new TextEncoder().encode(text);

const BAD_INPUTS: BadInput[] = [
  { name: 'broken JSON', body: () => '{"email": "a@example.com", "pass', headers: JSON_TYPE },
  { name: 'a JSON array', body: () => '[{"email":"a@example.com"}]', headers: JSON_TYPE },
  { name: 'a JSON number', body: () => '42', headers: JSON_TYPE },
  { name: 'JSON null', body: () => 'null', headers: JSON_TYPE },
  { name: 'a JSON string', body: () => '"hello"', headers: JSON_TYPE },
  { name: 'an empty JSON body', body: () => '', headers: JSON_TYPE },
  {
    name: 'JSON sent as text/plain',
    body: () => jsonCredentials(),
    headers: { 'content-type': 'text/plain' },
  },
  {
    name: 'XML',
    body: () => '<user><email>a@example.com</email></user>',
    headers: { 'content-type': 'application/xml' },
  },
  { name: 'no content-type', body: () => utf8(jsonCredentials()), headers: {} },
  {
    name: 'an unknown charset',
    body: () => jsonCredentials(),
    headers: { 'content-type': 'application/json; charset=klingon' },
  },
  {
    name: 'a body that is not valid UTF-8',
    body: () => nonUtf8Body(),
    headers: { 'content-type': 'application/json; charset=utf-8' },
  },
  {
    name: 'a gzip header on a plain body',
    body: () => jsonCredentials(),
    headers: { ...JSON_TYPE, 'content-encoding': 'gzip' },
  },
  {
    name: 'an unknown content-encoding',
    body: () => jsonCredentials(),
    headers: { ...JSON_TYPE, 'content-encoding': 'zstd-nope' },
  },
  {
    name: 'a huge body',
    body: () => JSON.stringify({ email: uniqueEmail(), password: 'p'.repeat(300_000) }),
    headers: JSON_TYPE,
    status: 413,
    answeredEarly: true,
  },
  {
    name: 'deeply nested JSON',
    body: () => `${'['.repeat(20_000)}${']'.repeat(20_000)}`,
    headers: JSON_TYPE,
  },
  {
    name: 'objects where strings belong',
    body: () => '{"email":{"$ne":null},"password":{"$gt":""},"currentPassword":{"$ne":1}}',
    headers: JSON_TYPE,
  },
  {
    name: 'NUL bytes in fields',
    body: () =>
      JSON.stringify({ email: `a\u0000b-${uniqueEmail()}`, password: `x\u0000${GOOD_PASSWORD}` }),
    headers: JSON_TYPE,
  },
  {
    name: 'lone surrogates in fields',
    body: () => `{"email":"\\ud800${uniqueEmail()}","password":"\\udfff${GOOD_PASSWORD}"}`,
    headers: JSON_TYPE,
  },
  // Random, so it does not compress: too big for a PostgreSQL unique index entry.
  {
    name: 'a 10,000-character e-mail',
    body: () =>
      JSON.stringify({
        email: `${randomBytes(7_500).toString('base64url')}@example.com`,
        password: GOOD_PASSWORD,
      }),
    headers: JSON_TYPE,
  },
  {
    name: 'a broken form',
    body: () => 'username=%ZZ&password=%&&=',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  },
  { name: 'broken cookies', headers: { cookie: '=; ;; a=%E0%A4%A; b="unterminated; c=%; ==' } },
  {
    name: 'a non-UTF-8 Authorization header',
    headers: { authorization: 'Bearer \u00ff\u00fe\u00e9' },
  },
  { name: 'a non-UTF-8 cookie', headers: { cookie: 'a=\u00ff\u00fe; b=\u00e9' } },
  {
    name: 'an 8 KB Authorization header',
    headers: { authorization: `Bearer ${'A'.repeat(8_000)}` },
  },
];

/** Registers one test per kind of bad input, each trying every route. */
export function describeMalformedInput(client: ConformanceClient): void {
  describe('malformed input on every route', () => {
    for (const input of BAD_INPUTS) {
      it(`answers 4xx with a JSON body to ${input.name}`, async () => {
        const failures: string[] = [];
        for (const route of await routesOf(client)) {
          if (route.method === 'GET' && input.body) continue;
          const result = await send(client, route, input);
          const wrongStatus = input.status !== undefined && result.status !== input.status;
          if (wrongStatus || !isAcceptable(route, result))
            failures.push(describeFailure(route, result));
        }
        expect(failures).toEqual([]);
      });
    }

    // Node's server answers 431. Fastify's writes 431 and resets the connection at
    // once, so the client may see only the reset (status 0 here): no 5xx either way.
    it('answers 431 (not 5xx) to a header larger than the server accepts', async () => {
      const failures: string[] = [];
      for (const route of await routesOf(client)) {
        const status = await rawStatus(client, route, {
          authorization: `Bearer ${'A'.repeat(64_000)}`,
        });
        if (status !== 0 && (status < 400 || status >= 500))
          failures.push(`${route.method} ${route.path}: ${status}`);
      }
      expect(failures).toEqual([]);
    });
  });
}

const routesByClient = new WeakMap<ConformanceClient, Route[]>();

async function routesOf(client: ConformanceClient): Promise<Route[]> {
  const known = routesByClient.get(client);
  if (known) return known;
  const routes: Route[] = [
    { method: 'POST', path: '/auth/register' },
    { method: 'GET', path: '/users/me' },
    { method: 'PATCH', path: '/users/me' },
    { method: 'PATCH', path: '/users/me', authenticated: client.backends[0] },
  ];
  for (const backend of client.backends) {
    routes.push({ method: 'POST', path: `/auth/${backend.name}/login` });
    routes.push({ method: 'POST', path: `/auth/${backend.name}/logout` });
    routes.push({ method: 'POST', path: `/auth/${backend.name}/logout`, authenticated: backend });
  }
  routesByClient.set(client, routes);
  return routes;
}

const sessions = new WeakMap<ConformanceClient, Map<string, Promise<Credential>>>();

async function send(client: ConformanceClient, route: Route, input: BadInput): Promise<HttpResult> {
  const headers = { ...input.headers };
  const backend = route.authenticated;
  if (backend) mergeCredential(headers, (await sessionFor(client, backend)).headers);
  const body = input.body?.();
  const result = input.answeredEarly
    ? await rawRequest(client, route, { ...headers, 'content-length': String(byteLength(body)) }, body)
    : await client.request(route.method, route.path, { headers, body });
  // A request that got through may have logged the session out or changed the user.
  if (backend && result.status < 400) sessions.get(client)?.delete(backend.name);
  return result;
}

const sessionUsers = new WeakMap<ConformanceClient, Promise<RegisteredUser>>();

/** One logged-in session per backend, reused until a request succeeds with it. */
function sessionFor(client: ConformanceClient, backend: BackendChoice): Promise<Credential> {
  let byBackend = sessions.get(client);
  if (!byBackend) sessions.set(client, (byBackend = new Map()));
  let session = byBackend.get(backend.name);
  if (!session) {
    session = sessionUser(client).then(({ email, password }) =>
      client.login(backend, email, password),
    );
    byBackend.set(backend.name, session);
  }
  return session;
}

// One user for all sessions: a new session then costs one hash (login), not two.
function sessionUser(client: ConformanceClient): Promise<RegisteredUser> {
  let user = sessionUsers.get(client);
  if (!user) sessionUsers.set(client, (user = client.register()));
  return user;
}

function mergeCredential(headers: Record<string, string>, credential: Record<string, string>) {
  if (credential.cookie) {
    headers.cookie = headers.cookie ? `${headers.cookie}; ${credential.cookie}` : credential.cookie;
  }
  if (credential.authorization) headers.authorization = credential.authorization;
}

/**
 * Without a credential every route must refuse. With one, a route that ignores
 * the bad part (logout ignores its body) may succeed; an error is still JSON.
 */
function isAcceptable(route: Route, result: HttpResult): boolean {
  const json = /application\/json/.test(result.headers.get('content-type') ?? '');
  const jsonError =
    result.status >= 400 && result.status < 500 && json && typeof result.json === 'object';
  return jsonError || (route.authenticated !== undefined && result.status < 400);
}

function describeFailure(route: Route, result: HttpResult): string {
  const who = route.authenticated ? ` (logged in via ${route.authenticated.name})` : '';
  const type = result.headers.get('content-type') ?? 'no content-type';
  return `${route.method} ${route.path}${who}: ${result.status} ${type} ${result.text.slice(0, 120)}`;
}

function jsonCredentials(): string {
  return JSON.stringify({ email: uniqueEmail(), password: GOOD_PASSWORD });
}

function nonUtf8Body(): Uint8Array<ArrayBuffer> {
  const start = utf8('{"password":"');
  const end = utf8('"}');
  return new Uint8Array([...start, 0xff, 0xfe, 0xc3, 0x28, 0x80, ...end]);
}

function byteLength(body: string | Uint8Array | undefined): number {
  return typeof body === 'string' ? Buffer.byteLength(body) : (body?.byteLength ?? 0);
}

/** A request sent with node:http; the answer counts even if the server stops reading the body. */
function rawRequest(
  client: ConformanceClient,
  route: Route,
  headers: Record<string, string>,
  body: string | Uint8Array | undefined,
): Promise<HttpResult> {
  return new Promise<HttpResult>((resolve, reject) => {
    const request = httpRequest(`${client.target.baseUrl}${route.path}`, { method: route.method, headers, agent: false });
    let answered = false;
    request.on('response', (response) => {
      answered = true;
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(response.headers)) {
          if (typeof value === 'string') responseHeaders.set(name, value);
        }
        resolve({ status: response.statusCode ?? 0, headers: responseHeaders, text, json: parseJson(text), setCookies: [] });
      });
    });
    // The server closing the connection once it has answered is not a failure.
    request.on('error', (error) => {
      if (!answered) reject(error);
    });
    request.end(body);
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The status line of a request whose headers exceed Node's limit. fetch may see
 * the socket close before the answer, so this reads it with node:http.
 */
function rawStatus(client: ConformanceClient, route: Route, headers: Record<string, string>) {
  return new Promise<number>((resolve, reject) => {
    const request = httpRequest(`${client.target.baseUrl}${route.path}`, {
      method: route.method,
      headers,
    });
    request.on('response', (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNRESET' || error.message === 'socket hang up') resolve(0);
      else reject(error);
    });
    request.end();
  });
}
