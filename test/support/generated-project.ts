/**
 * A fixture project taken through `init` with all six backends and its server
 * started, with the conformance suite's inspection hooks (SQL and Redis).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { parse } from 'dotenv';

import { BACKEND_KINDS, type BackendChoice } from '../../src/options.js';
import type { ConformanceTarget } from '../conformance/describe-conformance.js';
import { openRedis, openSql, type RedisConnection, type SqlConnection } from '../conformance/inspect.js';
import { startServer, type StartedServer } from './server.js';
import { createPostgresDatabase, type TempDatabase } from './temp-database.js';
import { copyFixture, type CliRun, removeProject, runCli } from './temp-project.js';

export const ALL_BACKENDS = BACKEND_KINDS.map((kind) => ({ ...kind }));
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
// The servers under test use their own Redis database, emptied of tokens afterwards.
const TEST_REDIS_URL = 'redis://127.0.0.1:6379/7';

/** How setUp shapes the project and its init run. */
export interface SetUpOptions {
  /** The user and token tables when the schema maps them (`@@map`). */
  tables?: ConformanceTarget['tables'];
  /** Changes the copy before init (and links its own node_modules). */
  prepare?: (dir: string) => Promise<void>;
  /** The backends init is given; default: all six. */
  backends?: BackendChoice[];
  /** More init flags. */
  initArgs?: string[];
  /**
   * The Redis the servers use; default database 7. Another test file running at
   * the same time takes another database index (never 0, which is others' data).
   */
  redisUrl?: string;
}

/** One fixture taken through init and started, with the suite's inspection hooks. */
export class GeneratedProject {
  dir = '';
  /** The PostgreSQL database setUpOnPostgres made; dropped by tearDown. */
  database?: TempDatabase;
  init!: CliRun;
  backends: readonly BackendChoice[] = ALL_BACKENDS;
  redisUrl = TEST_REDIS_URL;
  /** The server setUp started; `start()` adds more. */
  server?: StartedServer;
  private moreServers: StartedServer[] = [];
  sql?: SqlConnection;
  redis?: RedisConnection;
  target?: ConformanceTarget;

  /** Copies the fixture, runs init on it, starts its server, opens the inspection hooks. */
  async setUp(
    fixture: string,
    databaseUrl: (dir: string) => string,
    options: SetUpOptions = {},
  ): Promise<void> {
    this.dir = await copyFixture(fixture, { link: !options.prepare });
    await options.prepare?.(this.dir);
    const url = databaseUrl(this.dir);
    writeFileSync(join(this.dir, '.env'), `DATABASE_URL="${url}"\n`);
    this.backends = options.backends ?? ALL_BACKENDS;
    this.redisUrl = options.redisUrl ?? TEST_REDIS_URL;
    const backends = this.backends.map((backend) => backend.name).join(',');
    const args = ['init', '--yes', '--no-install', '--backends', backends, ...(options.initArgs ?? [])];
    this.init = await runCli(this.dir, args);
    if (this.init.exitCode !== 0) throw new Error(`init failed:\n${this.init.all}`);
    this.server = await startServer(this.dir, { env: { REDIS_URL: this.redisUrl } });
    this.sql = await openSql(url);
    this.redis = await openRedis(this.redisUrl);
    this.target = {
      baseUrl: this.server.baseUrl,
      jwtSecret: this.env().AUTH_JWT_SECRET!,
      sql: this.sql.sql,
      redis: this.redis,
      tables: options.tables,
    };
  }

  /** setUp on a PostgreSQL database of its own, made here and dropped by tearDown. */
  async setUpOnPostgres(fixture: string, options: SetUpOptions = {}): Promise<void> {
    this.database = await createPostgresDatabase();
    const url = this.database.url;
    await this.setUp(fixture, () => url, options);
  }

  /** Starts one more server process of the project, on a port of its own. */
  async start(): Promise<StartedServer> {
    const server = await startServer(this.dir, { env: { REDIS_URL: this.redisUrl } });
    this.moreServers.push(server);
    return server;
  }

  /** The project's .env as init left it (AUTH_JWT_SECRET and the rest). */
  env(): Record<string, string> {
    return parse(readFileSync(join(this.dir, '.env'), 'utf8'));
  }

  async tearDown(): Promise<void> {
    await Promise.all([this.server, ...this.moreServers].map((server) => server?.stop()));
    await this.sql?.close();
    for (const key of (await this.redis?.keys('auth:token:*')) ?? []) await this.redis?.del(key);
    await this.redis?.close();
    await this.database?.drop();
    if (this.dir) removeProject(this.dir);
  }
}

