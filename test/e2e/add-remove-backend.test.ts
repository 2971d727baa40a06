/**
 * The owner's story end to end on the bundled example (Express 5, ESM, SQLite):
 * init with one backend, edit the generated code as an owner would, add a Redis
 * cookie backend, run the conformance suite on both, remove it again, and run the
 * suite on the one that is left — with the owner's edits intact throughout.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { parse } from 'dotenv';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { BackendChoice } from '../../src/options.js';
import { type ConformanceTarget, describeConformance } from '../conformance/describe-conformance.js';
import { openRedis, openSql, type RedisConnection, type SqlConnection } from '../conformance/inspect.js';
import { startServer, type StartedServer } from '../support/server.js';
import { copyFixture, type CliRun, removeProject, runCli } from '../support/temp-project.js';

// The servers under test use their own Redis database, emptied of tokens afterwards.
const TEST_REDIS_URL = 'redis://127.0.0.1:6379/7';
const BEARER_JWT: BackendChoice = { name: 'bearer-jwt', transport: 'bearer', strategy: 'jwt' };
const COOKIE_REDIS: BackendChoice = { name: 'cookie-redis', transport: 'cookie', strategy: 'redis' };
// The owner lengthens the JWT lifetime from 15 to 20 minutes.
const OWNER_JWT_LIFETIME = 20 * 60;

/** What `list --json` prints. */
interface ListJson {
  backends: { name: string; transport: string; strategy: string; routes: string[] }[];
  changedFiles: { path: string; state: string }[];
}

/** The example project, the owner's edits, and the servers started on it. */
class OwnerProject {
  dir = '';
  databaseUrl = '';
  hooks = '';
  jwt = '';
  init!: CliRun;
  listAfterInit!: ListJson;
  sql?: SqlConnection;
  redis?: RedisConnection;
  server?: StartedServer;
  target?: ConformanceTarget;

  path(file: string): string {
    return join(this.dir, file);
  }

  read(file: string): string {
    return readFileSync(this.path(file), 'utf8');
  }

  async list(): Promise<ListJson> {
    const run = await runCli(this.dir, ['list', '--json']);
    if (run.exitCode !== 0) throw new Error(`list failed:\n${run.all}`);
    return JSON.parse(run.all) as ListJson;
  }

  async setUp(): Promise<void> {
    this.dir = await copyFixture('examples/express-sqlite');
    this.databaseUrl = `file:${this.path('dev.db')}`;
    writeFileSync(this.path('.env'), `DATABASE_URL="${this.databaseUrl}"\n`);
    this.init = await runCli(this.dir, ['init', '--yes', '--no-install', '--backends', 'bearer-jwt']);
    if (this.init.exitCode !== 0) throw new Error(`init failed:\n${this.init.all}`);
    this.editAsOwner();
    this.listAfterInit = await this.list();
    this.sql = await openSql(this.databaseUrl);
    this.redis = await openRedis(TEST_REDIS_URL);
  }

  /** A hook body that does something observable, and a setting. */
  private editAsOwner(): void {
    const hooksPath = 'src/auth/hooks.ts';
    const generatedHook = [
      '  async afterRegister() {',
      '    // Replace this with what follows a sign-up, for example:',
      '    // async afterRegister(user) { await sendWelcomeEmail(user.email); }',
      '  },',
    ].join('\n');
    const ownHook = [
      '  async afterRegister(user) {',
      '    // The owner’s hook: a log of sign-ups.',
      '    appendFileSync(\'signups.log\', `${user.email}\\n`);',
      '  },',
    ].join('\n');
    const hooks = this.read(hooksPath);
    expect(hooks).toContain(generatedHook);
    this.hooks = hooks
      .replace(generatedHook, ownHook)
      .replace("import type { PublicUser } from './types.js';", "import { appendFileSync } from 'node:fs';\n\nimport type { PublicUser } from './types.js';");
    expect(this.hooks).toContain("import { appendFileSync } from 'node:fs';");
    writeFileSync(this.path(hooksPath), this.hooks);

    const jwtPath = 'src/auth/strategies/jwt.ts';
    const jwt = this.read(jwtPath);
    expect(jwt).toContain('lifetimeSeconds: 15 * 60, // 15 minutes');
    this.jwt = jwt.replace('lifetimeSeconds: 15 * 60, // 15 minutes', 'lifetimeSeconds: 20 * 60, // 20 minutes: the owner’s choice');
    writeFileSync(this.path(jwtPath), this.jwt);
  }

  ownerEditsIntact(): void {
    expect(this.read('src/auth/hooks.ts')).toBe(this.hooks);
    expect(this.read('src/auth/strategies/jwt.ts')).toBe(this.jwt);
  }

  async startServer(): Promise<void> {
    this.server = await startServer(this.dir, { env: { REDIS_URL: TEST_REDIS_URL } });
    const jwtSecret = parse(this.read('.env')).AUTH_JWT_SECRET!;
    this.target = {
      baseUrl: this.server.baseUrl,
      jwtSecret,
      sql: this.sql!.sql,
      redis: this.redis,
      lifetimes: { jwt: OWNER_JWT_LIFETIME },
    };
  }

  async stopServer(): Promise<void> {
    await this.server?.stop();
    this.server = undefined;
  }

  async tearDown(): Promise<void> {
    await this.stopServer();
    await this.sql?.close();
    for (const key of (await this.redis?.keys('auth:token:*')) ?? []) await this.redis?.del(key);
    await this.redis?.close();
    if (this.dir) removeProject(this.dir);
  }
}

const changedByOwner = [
  { path: 'src/auth/hooks.ts', state: 'changed' },
  { path: 'src/auth/strategies/jwt.ts', state: 'changed' },
];

describe('add-backend and remove-backend on the example, after the owner edited the generated code', () => {
  const project = new OwnerProject();
  beforeAll(() => project.setUp());
  afterAll(() => project.tearDown());

  it('list --json after init shows the one backend and the two files the owner changed', () => {
    expect(project.listAfterInit.backends).toEqual([
      { ...BEARER_JWT, routes: ['POST /auth/bearer-jwt/login', 'POST /auth/bearer-jwt/logout'] },
    ]);
    expect(project.listAfterInit.changedFiles).toEqual(changedByOwner);
  });

  describe('add-backend cookie-redis', () => {
    let added: CliRun;
    beforeAll(async () => {
      added = await runCli(project.dir, ['add-backend', 'cookie-redis', '--yes', '--no-install']);
      if (added.exitCode !== 0) throw new Error(`add-backend failed:\n${added.all}`);
      await project.startServer();
    });
    afterAll(() => project.stopServer());

    it('writes the new backend’s code, keeps the owner’s files and type-checks', () => {
      expect(added.all).toMatch(/keep\s+src\/auth\/hooks\.ts/);
      expect(added.all).toMatch(/keep\s+src\/auth\/strategies\/jwt\.ts/);
      for (const file of ['transports/cookie.ts', 'strategies/redis.ts', 'strategies/opaque-token.ts']) {
        expect(added.all).toMatch(new RegExp(`create\\s+src/auth/${file}`));
      }
      expect(added.all).toContain('The project type-checks where create-auth touched it.');
      expect(added.all).toContain('POST  /auth/cookie-redis/login');
      const pkg = JSON.parse(project.read('package.json'));
      expect(pkg.dependencies.ioredis).toBeDefined();
      expect(parse(project.read('.env')).REDIS_URL).toBe('redis://127.0.0.1:6379');
    });

    it('list --json shows both backends in order, and still only the owner’s two files as changed', async () => {
      const listed = await project.list();
      expect(listed.backends.map(({ name, transport, strategy }) => ({ name, transport, strategy }))).toEqual([
        BEARER_JWT,
        COOKIE_REDIS,
      ]);
      expect(listed.backends[1]!.routes).toEqual(['POST /auth/cookie-redis/login', 'POST /auth/cookie-redis/logout']);
      expect(listed.changedFiles).toEqual(changedByOwner);
    });

    describeConformance('express, ESM, SQLite + Redis, bearer-jwt added to by cookie-redis', [BEARER_JWT, COOKIE_REDIS], () => project.target!);

    it('ran the owner’s hook on every sign-up, and left the owner’s edits as they were', () => {
      const signUps = project.read('signups.log').trim().split('\n');
      expect(signUps.length).toBeGreaterThan(5);
      expect(signUps.every((line) => line.includes('@'))).toBe(true);
      project.ownerEditsIntact();
    });
  });

  describe('remove-backend cookie-redis', () => {
    let removed: CliRun;
    beforeAll(async () => {
      removed = await runCli(project.dir, ['remove-backend', 'cookie-redis', '--yes', '--no-install']);
      if (removed.exitCode !== 0) throw new Error(`remove-backend failed:\n${removed.all}`);
      await project.startServer();
    });

    it('deletes the code only the removed backend used, drops ioredis, keeps the owner’s edits', () => {
      for (const file of ['transports/cookie.ts', 'strategies/redis.ts', 'strategies/opaque-token.ts']) {
        expect(removed.all).toMatch(new RegExp(`delete\\s+src/auth/${file}`));
        expect(existsSync(project.path(`src/auth/${file}`))).toBe(false);
      }
      expect(removed.all).toContain('ioredis is to be removed');
      expect(removed.all).toContain('Not updating the lockfile for ioredis (--no-install). Run: npm install');
      expect(JSON.parse(project.read('package.json')).dependencies.ioredis).toBeUndefined();
      expect(project.read('src/auth/backends.ts')).not.toContain('cookie');
      project.ownerEditsIntact();
    });

    it('leaves a project that type-checks, by its own word and by tsc', async () => {
      expect(removed.all).toContain('The project type-checks where create-auth touched it.');
      expect(removed.all).not.toContain('type error');
      const tsc = await execa(project.path('node_modules/.bin/tsc'), ['--noEmit'], { cwd: project.dir, reject: false, all: true });
      expect(tsc.exitCode, tsc.all).toBe(0);
    });

    it('list --json shows the remaining backend and the owner’s two files', async () => {
      const listed = await project.list();
      expect(listed.backends.map((backend) => backend.name)).toEqual(['bearer-jwt']);
      expect(listed.changedFiles).toEqual(changedByOwner);
    });

    it('the removed backend’s routes are gone', async () => {
      for (const route of ['login', 'logout']) {
        const response = await fetch(`${project.target!.baseUrl}/auth/cookie-redis/${route}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'someone@example.com', password: 'a long enough password' }),
        });
        expect(response.status).toBe(404);
      }
    });

    describeConformance('express, ESM, SQLite, bearer-jwt after cookie-redis was removed', [BEARER_JWT], () => project.target!);
  });
});
