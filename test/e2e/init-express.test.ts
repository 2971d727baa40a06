/**
 * The main job end to end: the built CLI runs `init` on a real fixture project,
 * then the generated server starts and the conformance suite drives it over HTTP
 * against real SQLite, PostgreSQL and Redis — with all six backends at once.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { parse } from 'dotenv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { BACKEND_KINDS } from '../../src/options.js';
import { type ConformanceTarget, describeConformance } from '../conformance/describe-conformance.js';
import { openRedis, openSql, type RedisConnection, type SqlConnection } from '../conformance/inspect.js';
import { startServer, type StartedServer } from '../support/server.js';
import { createPostgresDatabase, type TempDatabase } from '../support/temp-database.js';
import { copyFixture, type CliRun, removeProject, runCli } from '../support/temp-project.js';

const ALL_BACKENDS = BACKEND_KINDS.map((kind) => ({ ...kind }));
const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
// The servers under test use their own Redis database, emptied of tokens afterwards.
const TEST_REDIS_URL = 'redis://127.0.0.1:6379/7';

/** One fixture taken through init and started, with the suite's inspection hooks. */
class GeneratedProject {
  dir = '';
  init!: CliRun;
  server?: StartedServer;
  sql?: SqlConnection;
  redis?: RedisConnection;
  target?: ConformanceTarget;

  async setUp(fixture: string, databaseUrl: (dir: string) => string): Promise<void> {
    this.dir = await copyFixture(fixture);
    const url = databaseUrl(this.dir);
    writeFileSync(join(this.dir, '.env'), `DATABASE_URL="${url}"\n`);
    const backends = ALL_BACKENDS.map((backend) => backend.name).join(',');
    this.init = await runCli(this.dir, ['init', '--yes', '--no-install', '--backends', backends]);
    if (this.init.exitCode !== 0) throw new Error(`init failed:\n${this.init.all}`);
    this.server = await startServer(this.dir, { env: { REDIS_URL: TEST_REDIS_URL } });
    this.sql = await openSql(url);
    this.redis = await openRedis(TEST_REDIS_URL);
    this.target = { baseUrl: this.server.baseUrl, jwtSecret: this.env().AUTH_JWT_SECRET!, sql: this.sql.sql, redis: this.redis };
  }

  env(): Record<string, string> {
    return parse(readFileSync(join(this.dir, '.env'), 'utf8'));
  }

  async tearDown(): Promise<void> {
    await this.server?.stop();
    await this.sql?.close();
    for (const key of (await this.redis?.keys('auth:token:*')) ?? []) await this.redis?.del(key);
    await this.redis?.close();
    if (this.dir) removeProject(this.dir);
  }
}

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
  let database: TempDatabase;
  beforeAll(async () => {
    database = await createPostgresDatabase();
    await project.setUp('test/fixtures/express-cjs-postgres', () => database.url);
  });
  afterAll(async () => {
    await project.tearDown();
    await database?.drop();
  });

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
