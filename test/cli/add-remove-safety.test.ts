/**
 * add-backend and remove-backend on real copies of the bundled example: running
 * twice, the owner's hand-written backends list, conflicts with the owner's files,
 * what remove-backend keeps, and that a failed or interrupted add-backend leaves
 * the project byte-identical at every step (files, install, generate, migrate).
 */
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { execa } from 'execa';
import { afterAll, afterEach, describe, expect, it } from 'vitest';

import { copyFixture, removeProject, runCli, snapshotTree, startCli } from '../support/temp-project.js';

// The current test's projects and scratch folders (removed after it), and the
// projects init ran in once per backend list (removed after the file).
const folders: string[] = [];
const templateFolders: string[] = [];
const templates = new Map<string, Promise<string>>();

afterEach(() => {
  for (const dir of folders.splice(0)) removeProject(dir);
});

afterAll(() => {
  for (const dir of templateFolders.splice(0)) removeProject(dir);
});

/** The example with a .env, taken through init with these backends; `owner` removes it. */
async function initializedFresh(backends: string, owner: string[], prepare: (dir: string) => void = () => {}): Promise<string> {
  const dir = await copyFixture('examples/express-sqlite');
  owner.push(dir);
  writeFileSync(join(dir, '.env'), 'DATABASE_URL="file:./dev.db"\n');
  prepare(dir);
  const init = await runCli(dir, ['init', '--yes', '--no-install', '--backends', backends]);
  if (init.exitCode !== 0) throw new Error(`init failed:\n${init.all}`);
  return dir;
}

/**
 * A copy of the example after init with these backends. init runs once per list
 * and each test gets its own copy (nothing in the project names its folder).
 */
async function initialized(backends: string): Promise<string> {
  if (!templates.has(backends)) templates.set(backends, initializedFresh(backends, templateFolders));
  const template = await templates.get(backends)!;
  const dir = mkdtempSync(join(tmpdir(), 'create-auth-test-'));
  folders.push(dir);
  cpSync(template, dir, { recursive: true, verbatimSymlinks: true });
  return dir;
}

function read(dir: string, file: string): string {
  return readFileSync(join(dir, file), 'utf8');
}

function addBackend(dir: string, backend: string, ...flags: string[]) {
  return runCli(dir, ['add-backend', backend, '--yes', '--no-install', ...flags]);
}

function removeBackend(dir: string, name: string, ...flags: string[]) {
  return runCli(dir, ['remove-backend', name, '--yes', '--no-install', ...flags]);
}

async function listNames(dir: string): Promise<string[]> {
  const run = await runCli(dir, ['list', '--json']);
  return (JSON.parse(run.all) as { backends: { name: string }[] }).backends.map((backend) => backend.name);
}

async function typecheck(dir: string) {
  return execa(join(dir, 'node_modules/.bin/tsc'), ['--noEmit'], { cwd: dir, reject: false, all: true });
}

/** A folder outside the project (so it is not in the tree snapshot), removed after the test. */
function scratchFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'create-auth-scratch-'));
  folders.push(dir);
  return dir;
}

/** An `npm` for PATH that answers --version and runs `script` for anything else. */
function fakeNpm(script: string): string {
  const bin = scratchFolder();
  const npm = join(bin, 'npm');
  writeFileSync(npm, `#!/bin/sh\n[ "$1" = "--version" ] && echo 11.0.0 && exit 0\n${script}\n`);
  chmodSync(npm, 0o755);
  return bin;
}

/**
 * Replaces the link to the shared node_modules with a folder of links to each of
 * its packages but `missing`, so create-auth sees a package to install.
 */
function nodeModulesWithout(dir: string, missing: string): void {
  const link = join(dir, 'node_modules');
  const shared = realpathSync(link);
  rmSync(link);
  mkdirSync(link);
  for (const entry of readdirSync(shared)) {
    if (entry !== missing) symlinkSync(join(shared, entry), join(link, entry));
  }
}

describe('add-backend and remove-backend, run again', () => {
  it('add-backend twice changes nothing the second time and says so', async () => {
    const dir = await initialized('bearer-jwt');
    const first = await addBackend(dir, 'cookie-jwt');
    expect(first.exitCode, first.all).toBe(0);
    const after = snapshotTree(dir);
    const second = await addBackend(dir, 'cookie-jwt');
    expect(second.exitCode, second.all).toBe(0);
    expect(second.all).toContain('Nothing to change');
    expect(second.all).toContain('"cookie-jwt" is already in src/auth/backends.ts; to add a second cookie-jwt, give it a name with --name.');
    expect(snapshotTree(dir)).toEqual(after);
    expect(await listNames(dir)).toEqual(['bearer-jwt', 'cookie-jwt']);
  });

  it('add-backend of a second cookie backend says the two share one cookie; a rerun keeping both does not', async () => {
    const dir = await initialized('bearer-jwt,cookie-database');
    const added = await addBackend(dir, 'cookie-redis', '--no-migrate');
    expect(added.exitCode, added.all).toBe(0);
    expect(added.all).toContain("cookie-database and cookie-redis share the cookie transport's one cookie");
    const again = await runCli(dir, ['init', '--yes', '--no-install', '--no-migrate']);
    expect(again.exitCode, again.all).toBe(0);
    expect(again.all).not.toContain('share the cookie transport');
  });

  it('remove-backend of a name that is not there fails, naming the ones there are, and changes nothing', async () => {
    const dir = await initialized('bearer-jwt');
    const before = snapshotTree(dir);
    const result = await removeBackend(dir, 'cookie-redis');
    expect(result.exitCode, result.all).toBe(1);
    expect(result.all).toContain('No backend named "cookie-redis" in src/auth/backends.ts (it has: bearer-jwt). Nothing was changed.');
    expect(snapshotTree(dir)).toEqual(before);
  });
});

describe('the backends list as the owner’s or create-auth’s', () => {
  async function changedFiles(dir: string): Promise<string[]> {
    const run = await runCli(dir, ['list', '--json']);
    return (JSON.parse(run.all) as { changedFiles: { path: string }[] }).changedFiles.map((file) => file.path);
  }

  it('counts backends.ts as create-auth’s again once an edit makes it what init writes', async () => {
    const dir = await initialized('bearer-jwt');
    const written = read(dir, 'src/auth/backends.ts');
    expect((await addBackend(dir, 'cookie-jwt')).exitCode).toBe(0);
    expect(await changedFiles(dir)).toEqual([]);

    writeFileSync(join(dir, 'src/auth/backends.ts'), read(dir, 'src/auth/backends.ts').replace("name: 'cookie-jwt'", "name: 'web'"));
    expect(await changedFiles(dir)).toEqual(['src/auth/backends.ts']);

    const removed = await removeBackend(dir, 'web');
    expect(removed.exitCode, removed.all).toBe(0);
    expect(read(dir, 'src/auth/backends.ts')).toBe(written);
    expect(await changedFiles(dir)).toEqual([]);
    const manifest = read(dir, 'create-auth.json');
    const again = await runCli(dir, ['init', '--yes', '--no-install', '--backends', 'bearer-jwt']);
    expect(again.all).toContain('Nothing to change');
    expect(read(dir, 'create-auth.json')).toBe(manifest);
  });
});

describe('add-backend on a backends list the owner rewrote by hand', () => {
  // Double quotes, no semicolons, four spaces, multi-line entries, comments, and
  // the order reversed from what init wrote.
  const ownersList = [
    '// The owner’s list: browsers first, then API clients.',
    'import type { Backend } from "./types.js"',
    'import { cookieTransport } from "./transports/cookie.js"',
    'import { databaseStrategy } from "./strategies/database.js"',
    'import { bearerTransport } from "./transports/bearer.js"',
    'import { jwtStrategy } from "./strategies/jwt.js"',
    '',
    'export const backends: Backend[] = [',
    '    // Sessions for the web app.',
    '    {',
    '        name: "cookie-database",',
    '        transport: cookieTransport,',
    '        strategy: databaseStrategy,',
    '    },',
    '    /* Tokens for the mobile app. */',
    '    {',
    '        name: "bearer-jwt",',
    '        transport: bearerTransport,',
    '        strategy: jwtStrategy,',
    '    },',
    ']',
    '',
  ];

  it('appends the entry in the owner’s style, keeps their order and comments, type-checks, and removes it cleanly', async () => {
    const dir = await initialized('bearer-jwt,cookie-database');
    writeFileSync(join(dir, 'src/auth/backends.ts'), ownersList.join('\n'));

    const added = await addBackend(dir, 'bearer-redis');
    expect(added.exitCode, added.all).toBe(0);
    const expected = [...ownersList];
    expected.splice(expected.indexOf(']'), 0, '    { name: "bearer-redis", transport: bearerTransport, strategy: redisStrategy },');
    expected.splice(expected.indexOf(''), 0, 'import { redisStrategy } from "./strategies/redis.js"');
    expect(read(dir, 'src/auth/backends.ts')).toBe(expected.join('\n'));
    expect(added.all).toContain('The project type-checks where create-auth touched it.');
    expect(added.all).not.toContain('type error');
    expect(await listNames(dir)).toEqual(['cookie-database', 'bearer-jwt', 'bearer-redis']);

    const removed = await removeBackend(dir, 'bearer-redis');
    expect(removed.exitCode, removed.all).toBe(0);
    expect(read(dir, 'src/auth/backends.ts')).toBe(ownersList.join('\n'));
  });
});

describe('add-backend and files the owner changed', () => {
  it('stops with --yes when it would replace a file the owner wrote, and overwrites it with --force', async () => {
    const dir = await initialized('bearer-jwt');
    // Adding a backend renders no template the project already has anew (a dry run of
    // each addition onto bearer-jwt shows only creates, keeps and codemod edits), so
    // the conflict here is a file of the owner's where the new transport goes.
    const cookie = join(dir, 'src/auth/transports/cookie.ts');
    writeFileSync(cookie, 'export const cookieNames = { theme: "theme" };\n');
    const before = snapshotTree(dir);

    const dryRun = await addBackend(dir, 'cookie-jwt', '--dry-run');
    expect(dryRun.exitCode, dryRun.all).toBe(0);
    expect(dryRun.all).toMatch(/update\s+src\/auth\/transports\/cookie\.ts \(CONFLICT/);

    const refused = await addBackend(dir, 'cookie-jwt');
    expect(refused.exitCode).toBe(1);
    expect(refused.all).toContain('(or create-auth did not write them):\n  src/auth/transports/cookie.ts\nNothing was written.');
    expect(snapshotTree(dir)).toEqual(before);

    const forced = await addBackend(dir, 'cookie-jwt', '--force');
    expect(forced.exitCode, forced.all).toBe(0);
    expect(read(dir, 'src/auth/transports/cookie.ts')).toContain('export const cookieTransport');
  });

  it('stops with --yes when the owner edited a file a newer create-auth renders differently', async () => {
    const dir = await initialized('bearer-jwt');
    // The manifest as an older create-auth would have left it: it wrote jwt.ts with a
    // 10-minute lifetime, so today's template is something new for that file.
    const jwtPath = 'src/auth/strategies/jwt.ts';
    const current = read(dir, jwtPath);
    const older = current.replace('15 * 60, // 15 minutes', '10 * 60, // 10 minutes');
    const manifest = JSON.parse(read(dir, 'create-auth.json'));
    manifest.files[jwtPath] = `sha256-${createHash('sha256').update(older).digest('hex')}`;
    writeFileSync(join(dir, 'create-auth.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    // ...and the owner changed that older file.
    writeFileSync(join(dir, jwtPath), older.replace("audience: 'create-auth:users'", "audience: 'my-app'"));
    const before = snapshotTree(dir);

    const refused = await addBackend(dir, 'cookie-redis');
    expect(refused.exitCode).toBe(1);
    expect(refused.all).toMatch(/update\s+src\/auth\/strategies\/jwt\.ts \(CONFLICT/);
    expect(refused.all).toContain('(or create-auth did not write them):\n  src/auth/strategies/jwt.ts\nNothing was written.');
    expect(snapshotTree(dir)).toEqual(before);
  });
});

describe('remove-backend keeps what the owner changed or declared', () => {
  it('keeps the AccessToken table, and says so in the dry run as in the real run', async () => {
    const dir = await initialized('bearer-jwt,cookie-database');
    const before = snapshotTree(dir);
    const note = 'No backend uses the database strategy now. The AccessToken model and its table stay';
    const dryRun = await removeBackend(dir, 'cookie-database', '--dry-run');
    expect(dryRun.exitCode, dryRun.all).toBe(0);
    expect(dryRun.all).toContain(note);
    expect(snapshotTree(dir)).toEqual(before);
    const removed = await removeBackend(dir, 'cookie-database');
    expect(removed.exitCode, removed.all).toBe(0);
    expect(removed.all).toContain(note);
    expect(read(dir, 'prisma/schema.prisma')).toContain('model AccessToken');
  });

  it('keeps a transport file the owner changed, deletes the unchanged ones, drops ioredis it added', async () => {
    const dir = await initialized('bearer-jwt,cookie-redis');
    const cookiePath = 'src/auth/transports/cookie.ts';
    const edited = read(dir, cookiePath).replace("name: 'auth'", "name: 'session'");
    expect(edited).toContain("name: 'session'");
    writeFileSync(join(dir, cookiePath), edited);

    const removed = await removeBackend(dir, 'cookie-redis');
    expect(removed.exitCode, removed.all).toBe(0);
    expect(removed.all).toMatch(/keep\s+src\/auth\/transports\/cookie\.ts \(no backend uses it, but you changed it: it stays\)/);
    expect(read(dir, cookiePath)).toBe(edited);
    for (const gone of ['strategies/redis.ts', 'strategies/opaque-token.ts']) {
      expect(removed.all).toMatch(new RegExp(`delete\\s+src/auth/${gone}`));
      expect(existsSync(join(dir, 'src/auth', gone))).toBe(false);
    }
    expect(removed.all).toContain('package.json: ioredis is to be removed (create-auth added it; nothing imports it now).');
    expect(JSON.parse(read(dir, 'package.json')).dependencies.ioredis).toBeUndefined();
    // The setting stays in .env (it may be the owner's own value), and the command says so.
    expect(removed.all).toMatch(/No backend reads REDIS_URL now\. create-auth leaves settings in \.env/);
    expect(read(dir, '.env')).toMatch(/^REDIS_URL=/m);
    expect(removed.all).toContain('The project type-checks where create-auth touched it.');
    expect(removed.all).not.toContain('type error');
    // The kept file is still the owner's: list shows it as changed.
    const list = JSON.parse((await runCli(dir, ['list', '--json'])).all);
    expect(list.changedFiles).toEqual([{ path: cookiePath, state: 'changed' }]);
  });

  it('keeps a strategy file the owner changed, the package it imports, and the project type-checking', async () => {
    const dir = await initialized('bearer-jwt,cookie-redis');
    const redisPath = 'src/auth/strategies/redis.ts';
    const edited = read(dir, redisPath).replace("keyPrefix: 'auth:token:'", "keyPrefix: 'my-app:token:'");
    writeFileSync(join(dir, redisPath), edited);

    const removed = await removeBackend(dir, 'cookie-redis');
    expect(removed.exitCode, removed.all).toBe(0);
    expect(removed.all).toMatch(/keep\s+src\/auth\/strategies\/redis\.ts \(no backend uses it, but you changed it: it stays\)/);
    expect(read(dir, redisPath)).toBe(edited);
    expect(existsSync(join(dir, 'src/auth/transports/cookie.ts'))).toBe(false);
    // redis.ts still imports ioredis, so it stays.
    expect(JSON.parse(read(dir, 'package.json')).dependencies.ioredis).toBe('5.11.1');
    // The kept redis.ts imports ./opaque-token.js: deleting that file breaks the build.
    expect(removed.all).not.toContain('type error');
    const tsc = await typecheck(dir);
    expect(tsc.exitCode, tsc.all).toBe(0);
  });

  it('leaves ioredis in package.json when the project declared it before init', async () => {
    const dir = await initializedFresh('bearer-jwt,cookie-redis', folders, (project) => {
      const pkg = JSON.parse(read(project, 'package.json'));
      pkg.dependencies.ioredis = '^6.0.0';
      writeFileSync(join(project, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
    });
    expect(JSON.parse(read(dir, 'create-auth.json')).addedDependencies).not.toContain('ioredis');

    const removed = await removeBackend(dir, 'cookie-redis');
    expect(removed.exitCode, removed.all).toBe(0);
    expect(removed.all).not.toContain('ioredis is to be removed');
    expect(JSON.parse(read(dir, 'package.json')).dependencies.ioredis).toBe('^6.0.0');
    expect(existsSync(join(dir, 'src/auth/strategies/redis.ts'))).toBe(false);
  });
});

describe('add-backend cookie-database onto bearer-jwt rolls everything back', () => {
  // This addition writes files, installs (when a package is missing), regenerates the
  // Prisma client (new AccessToken model) and applies a migration, in that order.

  it('when the install fails', async () => {
    const dir = await initialized('bearer-jwt');
    nodeModulesWithout(dir, 'cookie-parser');
    const bin = fakeNpm('echo "E404 no such package" >&2\nexit 1');
    const before = snapshotTree(dir);
    const result = await runCli(dir, ['add-backend', 'cookie-database', '--yes'], { PATH: `${bin}:${process.env.PATH}` });
    expect(result.exitCode).toBe(1);
    expect(result.all).toContain('npm install failed');
    expect(result.all).toContain('E404 no such package');
    expect(result.all).toContain('Every file create-auth changed has been put back as it was.');
    expect(snapshotTree(dir)).toEqual(before);
  });

  it('when prisma generate fails', async () => {
    const dir = await initialized('bearer-jwt');
    // The owner's second generator works today but fails on the new AccessToken
    // model; the Prisma Client generator has rewritten its output by then.
    writeFileSync(
      join(dir, 'docs-generator.mjs'),
      [
        "import { createInterface } from 'node:readline';",
        "createInterface({ input: process.stdin }).on('line', (line) => {",
        '  const { id, method, params } = JSON.parse(line);',
        "  const reply = (body) => process.stderr.write(JSON.stringify({ jsonrpc: '2.0', id, ...body }) + '\\n');",
        "  if (method === 'getManifest') return reply({ result: { manifest: { prettyName: 'Docs', defaultOutput: 'docs', requiresEngines: [] } } });",
        "  if (params.datamodel.includes('model AccessToken')) return reply({ error: { code: -32000, message: 'docs: AccessToken is not documented', data: {} } });",
        '  reply({ result: null });',
        '});',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'prisma/schema.prisma'),
      `${read(dir, 'prisma/schema.prisma')}\ngenerator docs {\n  provider = "node ./docs-generator.mjs"\n}\n`,
    );
    // It works before the change (the engine stub spares the Prisma CLI a download it cannot make here).
    const generate = await execa(join(dir, 'node_modules/.bin/prisma'), ['generate'], {
      cwd: dir,
      reject: false,
      all: true,
      env: { PRISMA_SCHEMA_ENGINE_BINARY: process.execPath },
    });
    expect(generate.exitCode, generate.all).toBe(0);
    const before = snapshotTree(dir);

    const result = await addBackend(dir, 'cookie-database');
    expect(result.exitCode).toBe(1);
    expect(result.all).toContain('`prisma generate` failed');
    expect(result.all).toContain('Generated Prisma Client');
    expect(result.all).toContain('docs: AccessToken is not documented');
    expect(result.all).toContain('Every file create-auth changed has been put back as it was.');
    expect(snapshotTree(dir)).toEqual(before);
  });

  it('when the migration cannot be applied', async () => {
    const dir = await initialized('bearer-jwt');
    const before = snapshotTree(dir);
    const result = await runCli(dir, ['add-backend', 'cookie-database', '--yes', '--no-install'], {
      DATABASE_URL: `file:${join(dir, 'no/such/folder/dev.db')}`,
    });
    expect(result.exitCode).toBe(1);
    // Files were written and the client regenerated before the migration failed.
    expect(result.all).toMatch(/run\s+prisma generate/);
    expect(result.all).toContain('Every file create-auth changed has been put back as it was.');
    expect(snapshotTree(dir)).toEqual(before);
  });

  it('when the backends list is not an array literal it can edit', async () => {
    const dir = await initialized('bearer-jwt');
    writeFileSync(
      join(dir, 'src/auth/backends.ts'),
      [
        "import { jwtStrategy } from './strategies/jwt.js';",
        "import { bearerTransport } from './transports/bearer.js';",
        "import type { Backend } from './types.js';",
        '',
        'function build(): Backend[] {',
        "  return [{ name: 'bearer-jwt', transport: bearerTransport, strategy: jwtStrategy }];",
        '}',
        '',
        'export const backends = build();',
        '',
      ].join('\n'),
    );
    const before = snapshotTree(dir);
    const result = await addBackend(dir, 'cookie-database');
    expect(result.exitCode).toBe(1);
    expect(result.all).toContain('src/auth/backends.ts');
    expect(result.all).toContain('`backends` is not an array literal');
    expect(snapshotTree(dir)).toEqual(before);
  });

  it('when the owner presses Ctrl-C during a slow step', async () => {
    const dir = await initialized('bearer-jwt');
    nodeModulesWithout(dir, 'cookie-parser');
    const scratch = scratchFolder();
    const [started, finished] = [join(scratch, 'install-started'), join(scratch, 'install-finished')];
    const bin = fakeNpm(`touch "${started}"\nsleep 5\ntouch "${finished}"\nexit 0`);
    const before = snapshotTree(dir);

    const cli = startCli(dir, ['add-backend', 'cookie-database', '--yes'], { PATH: `${bin}:${process.env.PATH}` });
    const deadline = Date.now() + 60_000;
    while (!existsSync(started) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(existsSync(started), 'the install never started').toBe(true);
    // Files are written by now: the install is the step after them.
    expect(existsSync(join(dir, 'src/auth/strategies/database.ts'))).toBe(true);
    cli.kill('SIGINT');
    const result = await cli;
    expect(existsSync(finished), 'the install ran to its end').toBe(false);
    expect(result.exitCode ?? 1).not.toBe(0);
    expect(result.all).toContain('Interrupted.');
    expect(result.all).toContain('Every file create-auth changed has been put back as it was.');
    expect(snapshotTree(dir)).toEqual(before);
  });
});
