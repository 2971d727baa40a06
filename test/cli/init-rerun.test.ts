/**
 * Running `init` again on a project it already changed: the owner's edits, fewer
 * backends, and a project whose only PrismaClient is the one create-auth wrote.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { copyExample, removeProject, runCli, snapshotTree } from '../support/temp-project.js';

const projects: string[] = [];

function example(): Promise<string> {
  return copyExample(projects);
}

function init(dir: string, backends: string, ...flags: string[]) {
  return runCli(dir, ['init', '--yes', '--no-install', '--backends', backends, ...flags]);
}

afterEach(() => {
  for (const dir of projects.splice(0)) removeProject(dir);
});

describe('init, run again', () => {
  it('edits a backends.ts the owner changed in place: their names and comments stay', async () => {
    const dir = await example();
    expect((await init(dir, 'bearer-jwt,bearer-database,cookie-redis')).exitCode).toBe(0);
    const list = join(dir, 'src/auth/backends.ts');
    const edited = readFileSync(list, 'utf8')
      .replace("name: 'bearer-database'", "name: 'api-db'")
      .replace("  { name: 'bearer-jwt',", "  // mobile\n  { name: 'bearer-jwt',");
    expect(edited).toContain('// mobile');
    writeFileSync(list, edited);

    const same = await runCli(dir, ['init', '--yes', '--no-install']);
    expect(same.exitCode, same.all).toBe(0);
    expect(same.all).toContain('Backends: bearer-jwt, api-db, cookie-redis (as in backends.ts');
    expect(same.all).toContain('Nothing to change');
    expect(readFileSync(list, 'utf8')).toBe(edited);

    const other = await init(dir, 'cookie-database,bearer-jwt');
    expect(other.exitCode, other.all).toBe(0);
    expect(other.all).toContain('Backends in src/auth/backends.ts keep your order: bearer-jwt, cookie-database.');
    const text = readFileSync(list, 'utf8');
    expect(text).toContain('// mobile');
    expect(text).toMatch(/name: 'cookie-database', transport: cookieTransport, strategy: databaseStrategy/);
    expect(text).not.toMatch(/api-db|cookie-redis|redisStrategy/);
    const manifest = JSON.parse(readFileSync(join(dir, 'create-auth.json'), 'utf8'));
    expect(manifest.backends.map((b: { name: string }) => b.name)).toEqual(['bearer-jwt', 'cookie-database']);
    expect(manifest.addedDependencies).not.toContain('ioredis');
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).dependencies.ioredis).toBeUndefined();
    expect(other.all).toContain('The project type-checks where create-auth touched it.');
  });

  it('keeps the owner’s edits to files create-auth has nothing new for', async () => {
    const dir = await example();
    expect((await init(dir, 'bearer-jwt,cookie-database')).exitCode).toBe(0);
    const hooks = join(dir, 'src/auth/hooks.ts');
    const edited = `${readFileSync(hooks, 'utf8')}\n// the owner's hook\n`;
    writeFileSync(hooks, edited);

    const again = await init(dir, 'bearer-jwt,cookie-database,bearer-redis');
    expect(again.exitCode, again.all).toBe(0);
    expect(again.all).toMatch(/keep\s+src\/auth\/hooks\.ts/);
    expect(readFileSync(hooks, 'utf8')).toBe(edited);
    expect(existsSync(join(dir, 'src/auth/strategies/redis.ts'))).toBe(true);

    const third = await init(dir, 'bearer-jwt,cookie-database,bearer-redis');
    expect(third.all).toContain('Nothing to change');
  });

  it('deletes the files no remaining backend uses, and still type-checks', async () => {
    const dir = await example();
    expect((await init(dir, 'bearer-jwt,cookie-redis,cookie-database')).exitCode).toBe(0);
    const fewer = await init(dir, 'bearer-jwt');
    expect(fewer.exitCode, fewer.all).toBe(0);
    for (const gone of ['strategies/redis.ts', 'strategies/database.ts', 'transports/cookie.ts']) {
      expect(fewer.all).toMatch(new RegExp(`delete\\s+src/auth/${gone}`));
      expect(existsSync(join(dir, 'src/auth', gone))).toBe(false);
    }
    expect(fewer.all).toContain('The project type-checks where create-auth touched it.');
    const manifest = JSON.parse(readFileSync(join(dir, 'create-auth.json'), 'utf8'));
    expect(Object.keys(manifest.files)).not.toContain('src/auth/strategies/redis.ts');
    // What stays on purpose is said, as remove-backend says it.
    expect(fewer.all).toContain('No backend uses the database strategy now. The AccessToken model and its table stay');
    expect(fewer.all).toContain('No backend reads REDIS_URL now.');
    expect(readFileSync(join(dir, 'prisma/schema.prisma'), 'utf8')).toContain('model AccessToken');
  });

  it('keeps an unused file the owner changed, and reruns with the recorded backends', async () => {
    const dir = await example();
    expect((await init(dir, 'bearer-jwt,bearer-redis')).exitCode).toBe(0);
    const redis = join(dir, 'src/auth/strategies/redis.ts');
    const edited = readFileSync(redis, 'utf8').replace("'auth:token:'", "'myapp:token:'");
    expect(edited).not.toBe(readFileSync(redis, 'utf8'));
    writeFileSync(redis, edited);

    const fewer = await init(dir, 'bearer-jwt');
    expect(fewer.exitCode, fewer.all).toBe(0);
    expect(fewer.all).toMatch(/keep\s+src\/auth\/strategies\/redis\.ts \(no backend uses it, but you changed it/);
    expect(fewer.all).toMatch(/keep\s+src\/auth\/strategies\/opaque-token\.ts \(src\/auth\/strategies\/redis\.ts, which you kept/);
    expect(readFileSync(redis, 'utf8')).toBe(edited);

    const after = snapshotTree(dir);
    const again = await runCli(dir, ['init', '--yes', '--no-install']);
    expect(again.exitCode, again.all).toBe(0);
    expect(again.all).toContain('Backends: bearer-jwt (as in backends.ts; choose with --backends)');
    expect(again.all).toContain('Nothing to change');
    expect(snapshotTree(dir)).toEqual(after);
  });

  it('never mistakes its own db.ts for the project’s Prisma client', async () => {
    const dir = await example();
    // A project that creates no PrismaClient of its own: the auth code makes one.
    rmSync(join(dir, 'src/db.ts'));
    const app = readFileSync(join(dir, 'src/app.ts'), 'utf8');
    const withoutPosts = app
      .replace("import { prisma } from './db.js';\n", '')
      .replace(/app\.get\('\/posts'[\s\S]*?\n\}\);\n/, '');
    writeFileSync(join(dir, 'src/app.ts'), withoutPosts);

    const first = await init(dir, 'bearer-jwt');
    expect(first.exitCode, first.all).toBe(0);
    expect(first.all).toContain('none (the auth code will create one)');
    const after = snapshotTree(dir);
    const second = await init(dir, 'bearer-jwt');
    expect(second.all).toContain('none (the auth code will create one)');
    expect(second.all).toContain('Nothing to change');
    expect(snapshotTree(dir)).toEqual(after);
  });
});
