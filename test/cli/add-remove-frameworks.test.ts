/**
 * add-backend and remove-backend on Fastify and Hono projects: the same list edit,
 * the app file mounted once and left alone, and the project type-checking after
 * each step.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { copyFixture, removeProject, runCli } from '../support/temp-project.js';

const projects: string[] = [];

afterEach(() => {
  for (const dir of projects.splice(0)) removeProject(dir);
});

const FIXTURES = [
  { framework: 'fastify', fixture: 'test/fixtures/fastify-esm-postgres', appFile: 'src/app.ts', mount: 'app.register(authRoutes);' },
  { framework: 'hono', fixture: 'test/fixtures/hono-cjs-sqlite', appFile: 'src/app.ts', mount: "app.route('/', authRoutes);" },
];

describe.each(FIXTURES)('add-backend and remove-backend on $framework', ({ fixture, appFile, mount }) => {
  it('adds and removes a backend, mounting the routes once, type-checking after each step', async () => {
    const dir = await copyFixture(fixture);
    projects.push(dir);
    writeFileSync(join(dir, '.env'), 'DATABASE_URL="file:./dev.db"\n');
    const init = await runCli(dir, ['init', '--yes', '--no-install', '--no-migrate', '--backends', 'bearer-jwt']);
    expect(init.exitCode, init.all).toBe(0);
    const mounted = readFileSync(join(dir, appFile), 'utf8');
    expect(mounted.split(mount).length - 1).toBe(1);

    const added = await runCli(dir, ['add-backend', 'cookie-redis', '--yes', '--no-install', '--no-migrate']);
    expect(added.exitCode, added.all).toBe(0);
    expect(added.all).toContain('The project type-checks where create-auth touched it.');
    expect(readFileSync(join(dir, appFile), 'utf8')).toBe(mounted);
    const list = await runCli(dir, ['list', '--json']);
    expect((JSON.parse(list.all) as { backends: { name: string }[] }).backends.map((b) => b.name)).toEqual([
      'bearer-jwt',
      'cookie-redis',
    ]);

    const removed = await runCli(dir, ['remove-backend', 'cookie-redis', '--yes', '--no-install']);
    expect(removed.exitCode, removed.all).toBe(0);
    expect(removed.all).toContain('The project type-checks where create-auth touched it.');
    expect(removed.all).toMatch(/delete\s+src\/auth\/transports\/cookie\.ts/);
    expect(readFileSync(join(dir, appFile), 'utf8')).toBe(mounted);
  });
});
