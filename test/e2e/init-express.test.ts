/**
 * The main job end to end: the built CLI runs `init` on a real fixture project,
 * then the generated server starts and the conformance suite drives it over HTTP
 * against real SQLite, PostgreSQL and Redis — with all six backends at once.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { describeConformance } from '../conformance/describe-conformance.js';
import { linkFixtureDepsWith } from '../support/fixture-deps.js';
import { ALL_BACKENDS, DEFAULT_REDIS_URL, GeneratedProject } from '../support/generated-project.js';
import { startServer } from '../support/server.js';

describe('init on an ES-module Express 5 project, SQLite, existing User with an Int id', () => {
  const project = new GeneratedProject();
  beforeAll(() => project.setUp('examples/express-sqlite', (dir) => `file:${join(dir, 'dev.db')}`));
  afterAll(() => project.tearDown());

  it('reports what it found and type-checks the result', () => {
    expect(project.init.all).toContain('ES modules, imports with .js');
    expect(project.init.all).toContain('User, id Int');
    expect(project.init.all).toContain('app file         src/app.ts');
    expect(project.init.all).toContain('The project type-checks where create-auth touched it.');
  });

  it('writes a fresh JWT secret and the Redis URL to .env', () => {
    const env = project.env();
    expect(env.AUTH_JWT_SECRET?.length).toBeGreaterThanOrEqual(32);
    expect(env.REDIS_URL).toBe(DEFAULT_REDIS_URL);
  });

  it('refuses to start with a JWT secret shorter than 32 characters', async () => {
    const started = startServer(project.dir, { env: { AUTH_JWT_SECRET: 'too-short' }, timeoutMs: 20_000 });
    await expect(started).rejects.toThrow(/AUTH_JWT_SECRET/);
  });

  it('keeps the owner’s models and fields in the schema', () => {
    const schema = readFileSync(join(project.dir, 'prisma/schema.prisma'), 'utf8');
    expect(schema).toContain('// A small blog: people and what they write.');
    expect(schema).toMatch(/id\s+Int\s+@id @default\(autoincrement\(\)\)/);
    expect(schema).toContain('posts');
    expect(schema).toContain('model Post {');
    expect(schema).toContain('model AccessToken {');
  });

  describeConformance('express, ESM, SQLite, all six backends', ALL_BACKENDS, () => project.target!);
});

describe('init on a CommonJS Express 5 project, PostgreSQL, no User model', () => {
  const project = new GeneratedProject();
  beforeAll(() => project.setUpOnPostgres('test/fixtures/express-cjs-postgres'));
  afterAll(() => project.tearDown());

  it('reports what it found and type-checks the result', () => {
    expect(project.init.all).toContain('CommonJS, imports without extensions');
    expect(project.init.all).toContain('none (User will be created)');
    expect(project.init.all).toContain('The project type-checks where create-auth touched it.');
  });

  it('records the migration as prisma migrate deploy does', async () => {
    const rows = await project.sql!.sql('SELECT "migration_name", "finished_at" FROM "_prisma_migrations"');
    const names = rows.map((row) => String(row.migration_name));
    expect(names.some((name) => name.endsWith('_create_auth'))).toBe(true);
    expect(rows.every((row) => row.finished_at !== null)).toBe(true);
  });

  describeConformance('express, CommonJS, PostgreSQL, all six backends', ALL_BACKENDS, () => project.target!);
});

// Express 4 is still the most installed: the same fixture with Express 4 and its types.
describe('init on a CommonJS Express 4 project, PostgreSQL', () => {
  const project = new GeneratedProject();
  beforeAll(() =>
    project.setUpOnPostgres('test/fixtures/express-cjs-postgres', {
      prepare: async (dir) => {
        const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
        pkg.dependencies.express = '4.22.3';
        pkg.devDependencies['@types/express'] = '4.17.25';
        writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
        await linkFixtureDepsWith(dir, 'deps-express4');
      },
    }),
  );
  afterAll(() => project.tearDown());

  it('runs on Express 4 and type-checks against its types', () => {
    expect(project.init.all).toMatch(/framework\s+express 4\.22\.3/);
    expect(project.init.all).toContain('The project type-checks where create-auth touched it.');
    const installed = JSON.parse(readFileSync(join(project.dir, 'node_modules/express/package.json'), 'utf8'));
    expect(installed.version).toBe('4.22.3');
  });

  describeConformance('express 4, CommonJS, PostgreSQL, all six backends', ALL_BACKENDS, () => project.target!);
});
