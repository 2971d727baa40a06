/**
 * Project shapes the fixtures do not have, made from the bundled example: Bundler
 * resolution with a tsconfig alias and a yarn lockfile; `.ts` import extensions
 * with no src/ folder and a bun lockfile. Each goes through init, type-checks, and
 * serves register → login → /users/me. (A manager that is not installed is
 * covered in test/cli/project-shapes.test.ts; here every package is present.)
 * Also a Fastify app that registers the cookie and form plugins itself, and a
 * project whose Prettier config the generated files follow, and a Fastify app that
 * is a plugin started by fastify-cli.
 */
import { mkdirSync, readFileSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { parseBackendList } from '../../src/options.js';
import { linkFixtureDeps } from '../support/fixture-deps.js';
import { GeneratedProject } from '../support/generated-project.js';
import { startServer, type StartedServer } from '../support/server.js';
import { createPostgresDatabase, type TempDatabase } from '../support/temp-database.js';
import { copyFixture, type CliRun, removeProject, runCli } from '../support/temp-project.js';

const PASSWORD = 'correct horse battery';

function edit(dir: string, path: string, change: (text: string) => string): void {
  writeFileSync(join(dir, path), change(readFileSync(join(dir, path), 'utf8')));
}

/** register → bearer-jwt login → GET /users/me answers with the user. */
async function expectBearerRoundTrip(baseUrl: string, email: string): Promise<void> {
  const post = (path: string, body: unknown) =>
    fetch(`${baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const credentials = { email, password: PASSWORD };
  expect((await post('/auth/register', credentials)).status).toBe(201);
  const login = await post('/auth/bearer-jwt/login', credentials);
  const { access_token: token } = (await login.json()) as { access_token: string };
  const me = await fetch(`${baseUrl}/users/me`, { headers: { authorization: `Bearer ${token}` } });
  expect(me.status).toBe(200);
  expect(await me.json()).toMatchObject({ email });
}

function writeTsconfig(dir: string, compilerOptions: Record<string, unknown>, include: string[]): void {
  const base = { target: 'ES2022', strict: true, esModuleInterop: true, skipLibCheck: true };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { ...base, ...compilerOptions }, include }, null, 2));
}

/** ES modules resolved the bundler way, imports through `@/`, the client in src/db/index.ts, a yarn lockfile, /users routes of its own. */
function bundlerWithAlias(dir: string): void {
  writeTsconfig(dir, { module: 'ESNext', moduleResolution: 'Bundler', noEmit: true, paths: { '@/*': ['./src/*'] } }, ['src']);
  edit(dir, 'src/app.ts', (text) =>
    text
      .replace("from './db.js'", "from '@/db'")
      .replace(
        "app.get('/health',",
        "app.get('/users/export', (_req, res) => {\n  res.json([]);\n});\n\napp.get('/users/me', (_req, res) => {\n  res.json({});\n});\n\napp.get('/health',",
      ),
  );
  edit(dir, 'src/index.ts', (text) => text.replace("from './app.js'", "from '@/app'"));
  edit(dir, 'src/db.ts', (text) => text.replace("from './generated/prisma/client.js'", "from '@/generated/prisma/client'"));
  // The client lives in a folder's index, imported as the folder.
  mkdirSync(join(dir, 'src/db'));
  renameSync(join(dir, 'src/db.ts'), join(dir, 'src/db/index.ts'));
  writeFileSync(join(dir, 'yarn.lock'), '# yarn lockfile v1\n');
}

/** Sources in the project root with `.ts` imports, no src/ folder, a bun lockfile. */
function tsExtensionsWithoutSrc(dir: string): void {
  for (const file of ['app.ts', 'db.ts', 'index.ts']) renameSync(join(dir, 'src', file), join(dir, file));
  rmdirSync(join(dir, 'src'));
  mkdirSync(join(dir, 'generated'));
  edit(dir, 'prisma/schema.prisma', (text) => text.replace('"../src/generated/prisma"', '"../generated/prisma"'));
  writeTsconfig(dir, { module: 'NodeNext', moduleResolution: 'NodeNext', allowImportingTsExtensions: true, noEmit: true }, ['*.ts', 'auth', 'generated']);
  for (const file of ['app.ts', 'db.ts', 'index.ts']) edit(dir, file, (text) => text.replace(/(from '\.\/[\w/]+)\.js'/g, "$1.ts'"));
  edit(dir, 'app.ts', (text) =>
    text
      .replace("import express from 'express';", "import express, { type ErrorRequestHandler } from 'express';")
      .replace('app.use(express.json());', OWN_USERS_ME_CHECK + '\n\napp.use(express.json());')
      .concat(OWN_ERROR_HANDLER),
  );
  edit(dir, 'package.json', (text) => text.replace('tsx src/index.ts', 'tsx index.ts'));
  writeFileSync(join(dir, 'bun.lock'), '{ "lockfileVersion": 1 }\n');
}

// A check of the app's own in front of /users/me, mounted before the auth routes,
// whose errors the app's own error handler answers in its own way.
const OWN_USERS_ME_CHECK = `app.use('/users/me', (req, _res, next) => {
  next(req.headers['x-old-client'] ? Object.assign(new Error('Upgrade your client'), { status: 426 }) : undefined);
});`;
const OWN_ERROR_HANDLER = `
const handleErrors: ErrorRequestHandler = (error, _req, res, _next) => {
  res.status(error.status ?? 500).json({ error: error.message });
};
app.use(handleErrors);
`;

interface Shape {
  name: string;
  prepare: (dir: string) => void;
  entry: string;
  /** Lines init must print, and file contents it must write (path → excerpts). */
  found: string[];
  writes: Record<string, string[]>;
}

const SHAPES: Shape[] = [
  {
    name: 'Bundler resolution, @/ alias imports, yarn',
    prepare: bundlerWithAlias,
    entry: 'src/index.ts',
    found: [
      'package manager  yarn (yarn.lock)',
      'imports without extensions, alias @/* → src/*',
      // /users/me is one of the auth routes' paths; /users/export is not.
      'src/app.ts already has routes of its own at /users/me. The auth routes come first',
    ],
    writes: {
      'src/app.ts': ["import { authRouter } from '@/auth/express';"],
      'src/auth/db.ts': ["export { prisma } from '@/db';", "from '@/generated/prisma/client';"],
      'src/auth/user-manager.ts': ["from './db';"],
    },
  },
  {
    name: '.ts import extensions, no src/ folder, bun',
    prepare: tsExtensionsWithoutSrc,
    entry: 'index.ts',
    found: [
      'package manager  bun (bun.lock)',
      'imports with .ts',
      'app.ts already has routes of its own at /users/me, mounted before the auth routes',
    ],
    writes: {
      'app.ts': ["import { authRouter } from './auth/express.ts';"],
      'auth/db.ts': ["export { prisma } from '../db.ts';"],
      'auth/user-manager.ts': ["from './db.ts';"],
    },
  },
];

describe.each(SHAPES)('init on the example reshaped: $name', (shape) => {
  let dir = '';
  let init: CliRun;
  let server: StartedServer;

  beforeAll(async () => {
    dir = await copyFixture('examples/express-sqlite');
    shape.prepare(dir);
    writeFileSync(join(dir, '.env'), `DATABASE_URL="file:${join(dir, 'dev.db')}"\n`);
    init = await runCli(dir, ['init', '--yes', '--backends', 'bearer-jwt,cookie-database']);
    if (init.exitCode !== 0) throw new Error(`init failed:\n${init.all}`);
    server = await startServer(dir, { entry: shape.entry });
  });
  afterAll(async () => {
    await server?.stop();
    if (dir) removeProject(dir);
  });

  it('reports the shape it found', () => {
    for (const line of shape.found) expect(init.all).toContain(line);
  });

  it('writes imports in the project’s own style, and type-checks', () => {
    for (const [path, excerpts] of Object.entries(shape.writes)) {
      const text = readFileSync(join(dir, path), 'utf8');
      for (const excerpt of excerpts) expect(text, path).toContain(excerpt);
    }
    expect(init.all).toContain('The project type-checks where create-auth touched it.');
  });

  it('serves register, login and /users/me', async () => {
    await expectBearerRoundTrip(server.baseUrl, 'shape@example.com');
  });
  it.runIf(shape.prepare === tsExtensionsWithoutSrc)(
    'leaves the errors of the app’s own middleware at an auth path to the app’s error handler',
    async () => {
      const me = await fetch(`${server.baseUrl}/users/me`, { headers: { 'x-old-client': '1' } });
      expect(me.status).toBe(426);
      expect(await me.json()).toEqual({ error: 'Upgrade your client' });
    },
  );
});

describe('init on a Fastify app that registers @fastify/cookie and @fastify/formbody itself', () => {
  const project = new GeneratedProject();

  const registerPlugins = async (dir: string) => {
    edit(dir, 'src/app.ts', (text) =>
      text
        .replace("import Fastify from 'fastify';", "import fastifyCookie from '@fastify/cookie';\nimport fastifyFormbody from '@fastify/formbody';\nimport Fastify from 'fastify';")
        .replace('  await app.register(taskRoutes);', '  await app.register(fastifyCookie);\n  await app.register(fastifyFormbody);\n  await app.register(taskRoutes);'),
    );
    await linkFixtureDeps(dir);
  };
  beforeAll(() =>
    project.setUpOnPostgres('test/fixtures/fastify-esm-postgres', {
      prepare: registerPlugins,
      backends: parseBackendList('cookie-database'),
    }),
  );
  afterAll(() => project.tearDown());

  it('starts, and logs in with a form and a cookie through the app’s own plugins', async () => {
    const { baseUrl } = project.server!;
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const body = `username=fastify%40example.com&password=${encodeURIComponent(PASSWORD)}`;
    const register = await fetch(`${baseUrl}/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'fastify@example.com', password: PASSWORD }),
    });
    expect(register.status).toBe(201);
    const login = await fetch(`${baseUrl}/auth/cookie-database/login`, { method: 'POST', headers: form, body });
    expect(login.status).toBe(204);
    const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
    const me = await fetch(`${baseUrl}/users/me`, { headers: { cookie } });
    expect(me.status).toBe(200);
  });
});

describe('init on a project that formats with Prettier', () => {
  let dir = '';
  let init: CliRun;
  const prettierrc = { semi: false, singleQuote: false, useTabs: true, printWidth: 100 };

  beforeAll(async () => {
    dir = await copyFixture('examples/express-sqlite');
    edit(dir, 'package.json', (text) => {
      const pkg = JSON.parse(text);
      pkg.devDependencies = { ...pkg.devDependencies, prettier: '3.10.1' };
      return `${JSON.stringify(pkg, null, 2)}\n`;
    });
    writeFileSync(join(dir, '.prettierrc.json'), JSON.stringify(prettierrc));
    writeFileSync(join(dir, '.env'), `DATABASE_URL="file:${join(dir, 'dev.db')}"\n`);
    await execa('node_modules/.bin/prettier', ['--write', 'src/app.ts'], { cwd: dir });
    init = await runCli(dir, ['init', '--yes', '--no-install', '--backends', 'bearer-jwt,cookie-redis']);
    if (init.exitCode !== 0) throw new Error(`init failed:\n${init.all}`);
  });
  afterAll(() => {
    if (dir) removeProject(dir);
  });

  it('writes the auth files and the manifest as the project’s Prettier config formats them', async () => {
    expect(init.all).toContain('The auth files are formatted with your prettier 3.10.1 (.prettierrc.json).');
    const manager = readFileSync(join(dir, 'src/auth/user-manager.ts'), 'utf8');
    expect(manager).toMatch(/^import .* from "\.\/[\w-]+\.js"$/m);
    expect(manager).not.toMatch(/;$/m);
    expect(manager).toMatch(/^\t\S/m);
    const check = await execa('node_modules/.bin/prettier', ['--check', 'src/auth', 'src/app.ts', 'create-auth.json'], {
      cwd: dir,
      reject: false,
    });
    expect(check.exitCode, check.all).toBe(0);
    expect(readFileSync(join(dir, 'src/app.ts'), 'utf8')).toContain('app.use(authRouter)');
    expect(init.all).toContain('The project type-checks where create-auth touched it.');
  });

  it('finds nothing to change when run again (the formatted files are what it would write)', async () => {
    const again = await runCli(dir, ['init', '--yes', '--no-install']);
    expect(again.exitCode, again.all).toBe(0);
    expect(again.all).toContain('Nothing to change');
  });

  it('adds and removes a backend in the same style, and the list stays formatted', async () => {
    const added = await runCli(dir, ['add-backend', 'bearer-database', '--yes', '--no-install']);
    expect(added.exitCode, added.all).toBe(0);
    const removed = await runCli(dir, ['remove-backend', 'cookie-redis', '--yes', '--no-install']);
    expect(removed.exitCode, removed.all).toBe(0);
    const check = await execa('node_modules/.bin/prettier', ['--check', 'src/auth', 'create-auth.json'], { cwd: dir, reject: false });
    expect(check.exitCode, check.all).toBe(0);
  });

  it('keeps an edited list formatted, with its doc comment, when init swaps every backend', async () => {
    const list = join(dir, 'src/auth/backends.ts');
    writeFileSync(list, `${readFileSync(list, 'utf8')}// edited by the owner\n`);
    const swapped = await runCli(dir, ['init', '--yes', '--no-install', '--backends', 'cookie-database']);
    expect(swapped.exitCode, swapped.all).toBe(0);
    const text = readFileSync(list, 'utf8');
    expect(text).toMatch(/^\/\*\*\n \* /);
    expect(text).toContain('// edited by the owner');
    expect(text).toContain('\n\t{ name: "cookie-database", transport: cookieTransport, strategy: databaseStrategy },\n]');
    const check = await execa('node_modules/.bin/prettier', ['--check', 'src/auth'], { cwd: dir, reject: false });
    expect(check.exitCode, check.all).toBe(0);
  });
});

describe('init on a Fastify app written as a plugin that `fastify start` runs (fastify-cli’s layout)', () => {
  let dir = '';
  let init: CliRun;
  let server: StartedServer;
  let database: TempDatabase;

  // src/app.ts is the app: a FastifyPluginAsync, default-exported, and nothing in
  // the project calls Fastify() (fastify-cli's `fastify start src/app.ts` does).
  const asPluginApp = (text: string) =>
    text
      .replace("import Fastify from 'fastify';", "import type { FastifyPluginAsync } from 'fastify';")
      .replace(/\/\*\* Builds the app[\s\S]*$/, [
        'const app: FastifyPluginAsync = async (fastify) => {',
        '  void fastify.register(taskRoutes);',
        "  fastify.get('/health', async () => ({ ok: true }));",
        '};',
        '',
        'export default app;',
        '',
      ].join('\n'));

  beforeAll(async () => {
    database = await createPostgresDatabase();
    dir = await copyFixture('test/fixtures/fastify-esm-postgres');
    edit(dir, 'src/app.ts', asPluginApp);
    rmSync(join(dir, 'src/index.ts'));
    writeFileSync(join(dir, '.env'), `DATABASE_URL="${database.url}"\n`);
    init = await runCli(dir, ['init', '--yes', '--no-install', '--backends', 'bearer-jwt']);
    if (init.exitCode !== 0) throw new Error(`init failed:\n${init.all}`);
    // What `fastify start` does with the plugin, as a test stand-in for fastify-cli.
    writeFileSync(join(dir, 'serve.ts'), [
      "import 'dotenv/config';",
      "import Fastify from 'fastify';",
      "import app from './src/app.js';",
      'const server = Fastify();',
      'await server.register(app);',
      "await server.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });",
      '',
    ].join('\n'));
    server = await startServer(dir, { entry: 'serve.ts' });
  });
  afterAll(async () => {
    await server?.stop();
    if (dir) removeProject(dir);
    await database?.drop();
  });

  it('finds the plugin and registers the auth routes at the end of its body', () => {
    expect(init.all).not.toContain('manual');
    const app = readFileSync(join(dir, 'src/app.ts'), 'utf8');
    expect(app).toContain("import { authRoutes } from './auth/fastify.js';");
    expect(app).toContain('  void fastify.register(taskRoutes);\n  void fastify.register(authRoutes);\n  fastify.get(');
    expect(init.all).toContain('The project type-checks where create-auth touched it.');
  });

  it('serves register, login and /users/me, and the app’s own routes', async () => {
    await expectBearerRoundTrip(server.baseUrl, 'plugin@example.com');
    expect((await fetch(`${server.baseUrl}/tasks`)).status).toBe(200);
  });

  it('finds the routes mounted when run again, though serve.ts now creates a Fastify app too', async () => {
    const again = await runCli(dir, ['init', '--yes', '--no-install']);
    expect(again.exitCode, again.all).toBe(0);
    expect(again.all).toContain('Nothing to change');
  });
});
