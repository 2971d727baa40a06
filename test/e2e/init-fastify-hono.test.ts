/**
 * The main job on Fastify and Hono: the built CLI runs `init` with all six backends
 * on a fixture project of each, mounts the routes with the framework's own call,
 * and the conformance suite drives the generated server over HTTP.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { describeConformance } from '../conformance/describe-conformance.js';
import { ALL_BACKENDS, GeneratedProject } from '../support/generated-project.js';

describe('init on an ES-module Fastify 5 project, PostgreSQL, a mapped User with uuid ids', () => {
  const project = new GeneratedProject();
  beforeAll(() => project.setUpOnPostgres('test/fixtures/fastify-esm-postgres', { tables: { user: 'users' } }));
  afterAll(() => project.tearDown());

  it('finds Fastify and the app built in buildApp(), and type-checks the result', () => {
    expect(project.init.all).toMatch(/framework\s+fastify 5\.12\.8/);
    expect(project.init.all).toContain('app file         src/app.ts');
    expect(project.init.all).toContain('User, id String');
    expect(project.init.all).toContain('The project type-checks where create-auth touched it.');
  });

  it('registers the auth plugin inside buildApp(), after the app’s own plugin', () => {
    const app = readFileSync(join(project.dir, 'src/app.ts'), 'utf8');
    expect(app).toContain(`import { authRoutes } from './auth/fastify.js';`);
    expect(app).toContain('  await app.register(taskRoutes);\n  await app.register(authRoutes);\n');
  });

  it('keeps the app’s own routes working', async () => {
    const response = await fetch(`${project.server!.baseUrl}/tasks`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([]);
  });

  describeConformance('fastify, ESM, PostgreSQL, all six backends', ALL_BACKENDS, () => project.target!);
});

describe('init on a CommonJS Hono 4 project, SQLite, no User model', () => {
  const project = new GeneratedProject();
  beforeAll(() => project.setUp('test/fixtures/hono-cjs-sqlite', (dir) => `file:${join(dir, 'dev.db')}`));
  afterAll(() => project.tearDown());

  it('finds Hono and the app file, and type-checks the result', () => {
    expect(project.init.all).toMatch(/framework\s+hono 4\.13\.23/);
    expect(project.init.all).toContain('app file         src/app.ts');
    expect(project.init.all).toContain('The project type-checks where create-auth touched it.');
  });

  it('mounts the auth routes after the middleware and before the app’s routes', () => {
    const app = readFileSync(join(project.dir, 'src/app.ts'), 'utf8');
    expect(app).toContain(`import { authRoutes } from './auth/hono';`);
    expect(app).toContain(`app.use(logger());\napp.route('/', authRoutes);\n`);
  });

  it('keeps the app’s own routes and 404 working', async () => {
    expect((await fetch(`${project.server!.baseUrl}/bookmarks`)).status).toBe(200);
    const missing = await fetch(`${project.server!.baseUrl}/nowhere`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ detail: 'Not Found' });
  });

  describeConformance('hono, CommonJS, SQLite, all six backends', ALL_BACKENDS, () => project.target!);
});
