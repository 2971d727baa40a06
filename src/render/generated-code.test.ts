/**
 * The generated modules that need no database or server, run for real: rendered
 * into a temporary folder (with the fixture packages linked) and imported. Prisma
 * is replaced by two small stub modules, which db.ts's specifiers point at.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { linkFixtureDeps } from '../../test/support/fixture-deps.js';
import { parseBackendList } from '../options.js';
import { renderAuthFiles } from './render-auth.js';

const STUB_CLIENT = `export type User = { id: number; email: string; hashedPassword: string; isActive: boolean };
export const Prisma = {
  PrismaClientKnownRequestError: class extends Error {
    constructor(readonly code: string) { super(code); }
  },
};
`;

let dir: string;
const load = <T>(path: string): Promise<T> => import(pathToFileURL(join(dir, path)).href);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'create-auth-generated-'));
  await writeFile(join(dir, 'package.json'), '{ "type": "module" }');
  await writeFile(join(dir, 'stub-client.ts'), STUB_CLIENT);
  await writeFile(join(dir, 'stub-db.ts'), 'export const prisma = {};\n');
  await writeFile(join(dir, 'argon2.ts'), "export { hash } from '@node-rs/argon2';\n");
  await linkFixtureDeps(dir);
  const files = renderAuthFiles({
    // Neither jwt nor redis, so config.ts needs no environment variables.
    backends: parseBackendList('bearer-database,cookie-database'),
    framework: 'express',
    importExtension: '.ts',
    userIdType: 'Int',
    prisma: {
      instanceSpecifier: '../stub-db',
      instanceExport: 'prisma',
      clientSpecifier: '../stub-client',
      provider: 'sqlite',
    },
  });
  for (const file of files) {
    await mkdir(dirname(join(dir, 'auth', file.path)), { recursive: true });
    await writeFile(join(dir, 'auth', file.path), file.content);
  }
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Transport {
  readToken(request: { headers: Record<string, unknown>; cookies: Record<string, unknown> }): string | null;
  loginResponse(token: string, lifetimeSeconds: number): unknown;
  logoutResponse(): unknown;
}

describe('bearer transport', () => {
  const read = async (authorization: unknown) => {
    const { bearerTransport } = await load<{ bearerTransport: Transport }>('auth/transports/bearer.ts');
    return bearerTransport.readToken({ headers: { authorization }, cookies: {} });
  };

  it('reads the token whatever the case of the scheme', async () => {
    expect(await read('Bearer abc.DEF-_~+/=')).toBe('abc.DEF-_~+/=');
    expect(await read('bearer abc')).toBe('abc');
    expect(await read('BEARER   abc')).toBe('abc');
  });

  it('treats anything malformed as no token', async () => {
    for (const header of ['Bearer', 'Bearer ', 'Basic abc', 'Bearer a b', 'Bearerabc', 'Bearer ä', undefined, ['Bearer abc']]) {
      expect(await read(header), String(header)).toBeNull();
    }
  });

  it('answers login with the OAuth2 token body', async () => {
    const { bearerTransport } = await load<{ bearerTransport: Transport }>('auth/transports/bearer.ts');
    expect(bearerTransport.loginResponse('t', 900)).toEqual({
      status: 200,
      body: { access_token: 't', token_type: 'bearer' },
    });
    expect(bearerTransport.logoutResponse()).toEqual({ status: 204 });
  });
});

describe('cookie transport', () => {
  it('sets a Secure, HttpOnly, SameSite=Lax cookie for the token lifetime and expires it on logout', async () => {
    const { cookieTransport } = await load<{ cookieTransport: Transport }>('auth/transports/cookie.ts');
    const attributes = { httpOnly: true, secure: true, sameSite: 'lax', path: '/' };
    expect(cookieTransport.loginResponse('t', 7 * 24 * 3600)).toEqual({
      status: 204,
      cookie: { name: 'auth', value: 't', maxAge: 7 * 24 * 3600, ...attributes },
    });
    expect(cookieTransport.logoutResponse()).toEqual({
      status: 204,
      cookie: { name: 'auth', value: '', maxAge: 0, ...attributes },
    });
    expect(cookieTransport.readToken({ headers: {}, cookies: { auth: 'x' } })).toBe('x');
    expect(cookieTransport.readToken({ headers: {}, cookies: { auth: '' } })).toBeNull();
  });
});

interface PasswordModule {
  checkPasswordLength(password: string): string | null;
  hashPassword(password: string): Promise<string>;
  verifyPassword(hashed: string, password: string): Promise<boolean>;
  needsRehash(hashed: string): boolean;
}

describe('passwords', () => {
  it('counts characters after NFKC normalisation, between 12 and 128', async () => {
    const { checkPasswordLength } = await load<PasswordModule>('auth/password.ts');
    expect(checkPasswordLength('a'.repeat(11))).toMatch(/at least 12/);
    expect(checkPasswordLength('a'.repeat(12))).toBeNull();
    expect(checkPasswordLength('😀'.repeat(12))).toBeNull(); // 24 UTF-16 units, 12 characters
    expect(checkPasswordLength('\uFB01'.repeat(6))).toBeNull(); // "ﬁ" normalises to "fi"
    expect(checkPasswordLength('a'.repeat(129))).toMatch(/at most 128/);
  });

  it('hashes with argon2id m=19456 t=2 p=1 and matches across Unicode forms', async () => {
    const { hashPassword, verifyPassword, needsRehash } = await load<PasswordModule>('auth/password.ts');
    const hashed = await hashPassword('ｆｕｌｌｗｉｄｔｈ pass');
    expect(hashed).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(hashed, 'fullwidth pass')).toBe(true);
    expect(await verifyPassword(hashed, 'Fullwidth pass')).toBe(false);
    expect(await verifyPassword('not a hash', 'fullwidth pass')).toBe(false);
    expect(needsRehash(hashed)).toBe(false);
  });

  it('asks for a rehash of weaker or foreign hashes', async () => {
    const { needsRehash } = await load<PasswordModule>('auth/password.ts');
    type Hash = (password: string, options: object) => Promise<string>;
    const { hash } = await load<{ hash: Hash }>('argon2.ts');
    expect(needsRehash(await hash('x', { memoryCost: 4096, timeCost: 2, parallelism: 1 }))).toBe(true);
    expect(needsRehash(await hash('x', { memoryCost: 19456, timeCost: 1, parallelism: 1 }))).toBe(true);
    expect(needsRehash('$2b$12$abcdefghijklmnopqrstuv')).toBe(true);
  });
});

interface SchemasModule {
  registerBody: unknown;
  parseBody(schema: unknown, body: unknown): Record<string, unknown>;
  parseLogin(body: unknown, isForm: boolean): { email: string; password: string };
}

describe('request bodies', () => {
  async function problems(body: unknown) {
    const { parseBody, registerBody } = await load<SchemasModule>('auth/schemas.ts');
    try {
      parseBody(registerBody, body);
      return null;
    } catch (error) {
      return error as { status: number; detail: unknown };
    }
  }

  it('answers 422 with one FastAPI-style entry per problem', async () => {
    expect(await problems({ password: 5 })).toMatchObject({
      status: 422,
      detail: [
        { loc: ['body', 'email'], msg: 'Field required', type: 'missing' },
        { loc: ['body', 'password'], type: 'invalid_type' },
      ],
    });
    expect(await problems(undefined)).toMatchObject({ status: 422 });
    expect(await problems([])).toMatchObject({ status: 422, detail: [{ loc: ['body'] }] });
  });

  it('normalises the e-mail and drops fields a client may not set', async () => {
    const { parseBody, registerBody } = await load<SchemasModule>('auth/schemas.ts');
    const body = { email: ' Ann@Example.COM ', password: 'p', isSuperuser: true, isActive: false, id: 1 };
    expect(parseBody(registerBody, body)).toEqual({ email: 'ann@example.com', password: 'p' });
  });

  it('reads a login from JSON or from an OAuth2 form', async () => {
    const { parseLogin } = await load<SchemasModule>('auth/schemas.ts');
    expect(parseLogin({ email: 'a@b.c', password: 'p' }, false)).toEqual({ email: 'a@b.c', password: 'p' });
    expect(parseLogin({ username: 'a@b.c', password: 'p' }, true)).toEqual({ email: 'a@b.c', password: 'p' });
    expect(() => parseLogin({ email: 'a@b.c', password: 'p' }, true)).toThrow();
  });
});

describe('db.ts', () => {
  it('reads Int user ids strictly, within 32 bits', async () => {
    const { parseUserId } = await load<{ parseUserId(v: string): number | null }>('auth/db.ts');
    expect(parseUserId('42')).toBe(42);
    expect(parseUserId('0')).toBe(0);
    expect(parseUserId('2147483647')).toBe(2147483647);
    for (const junk of ['2147483648', '-1', '01', '1.5', '1e3', ' 1', '', 'abc']) {
      expect(parseUserId(junk), junk).toBeNull();
    }
  });

  it('names the code of Prisma request errors only', async () => {
    const { prismaErrorCode } = await load<{ prismaErrorCode(e: unknown): string | null }>('auth/db.ts');
    const { Prisma } = await load<{ Prisma: { PrismaClientKnownRequestError: new (code: string) => Error } }>(
      'stub-client.ts',
    );
    expect(prismaErrorCode(new Prisma.PrismaClientKnownRequestError('P2002'))).toBe('P2002');
    expect(prismaErrorCode(new Error('P2002'))).toBeNull();
    expect(prismaErrorCode('P2002')).toBeNull();
  });
});

interface AuthErrorModule {
  AuthError: new (status: number, detail: string) => Error & { status: number; detail: unknown };
  badRequest(code: string): unknown;
}

describe('errors.ts', () => {
  it('keeps `instanceof AuthError` when the project compiles to ES5', async () => {
    // ES5 is what TypeScript compiles to when tsconfig.json sets no target.
    const source = await readFile(join(dir, 'auth/errors.ts'), 'utf8');
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { target: ts.ScriptTarget.ES5, module: ts.ModuleKind.CommonJS },
    });
    expect(outputText).not.toMatch(/^\s*class /m); // really compiled down
    const module = { exports: {} as AuthErrorModule };
    new Function('module', 'exports', outputText)(module, module.exports);
    const { AuthError, badRequest } = module.exports;
    const error = badRequest('LOGIN_BAD_CREDENTIALS');
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ status: 400, detail: 'LOGIN_BAD_CREDENTIALS', name: 'AuthError' });
  });
});

type Handler = (req: object, res: object, next: (error?: unknown) => void) => unknown;
interface RouteLayer {
  route?: { path: string; methods: Record<string, boolean>; stack: { handle: Handler }[] };
}

// Express 4 ignores the promise a handler returns, so a rejection there is unhandled
// and stops the server. Each route's own handler, and requireUser, must therefore
// return nothing and pass every error to next(). The stub Prisma client ({}) makes
// each of them fail: a token look-up throws, and so does a body without fields.
describe('express.ts on Express 4 and 5 alike', () => {
  const request = () => ({
    method: 'POST',
    url: '/',
    headers: { authorization: `Bearer ${'a'.repeat(43)}` },
    cookies: { auth: 'a'.repeat(43) },
    body: {},
    is: () => false,
  });
  const response = () => {
    const res = { status: () => res, json: () => res, end: () => res, cookie: () => res };
    return res;
  };

  async function passesErrorToNext(handler: Handler): Promise<void> {
    const next = vi.fn();
    expect(handler(request(), response(), next)).toBeUndefined();
    await vi.waitFor(() => expect(next).toHaveBeenCalledTimes(1));
    expect(next.mock.calls[0]![0]).toBeInstanceOf(Error);
  }

  it('every route handler passes its error to next() and returns no promise', async () => {
    const { authRouter } = await load<{ authRouter: [{ stack: RouteLayer[] }, unknown] }>('auth/express.ts');
    const routes = authRouter[0].stack.flatMap((layer) => (layer.route ? [layer.route] : []));
    expect(routes.map((route) => `${Object.keys(route.methods)[0]} ${route.path}`).sort()).toEqual([
      'get /users/me',
      'patch /users/me',
      'post /auth/bearer-database/login',
      'post /auth/bearer-database/logout',
      'post /auth/cookie-database/login',
      'post /auth/cookie-database/logout',
      'post /auth/register',
    ]);
    for (const route of routes) {
      const own = route.stack.at(-1)!.handle;
      // GET /users/me's own handler is synchronous; Express catches what it throws.
      if (route.path === '/users/me' && route.methods.get) continue;
      await passesErrorToNext(own);
    }
  });

  it('requireUser passes a failing user look-up to next() and returns no promise', async () => {
    const { requireUser } = await load<{ requireUser: Handler }>('auth/express.ts');
    await passesErrorToNext(requireUser);
  });
});
