/**
 * A fixture taken through `init` with every backend, for the reliability tests:
 * its own PostgreSQL database (or a SQLite file), its own Redis database index,
 * and as many server processes of it as a test wants.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { parse } from 'dotenv';

import { BACKEND_KINDS, type BackendChoice } from '../../src/options.js';
import {
  openRedis,
  openSql,
  type RedisConnection,
  type SqlConnection,
} from '../conformance/inspect.js';
import { startServer, type StartedServer } from '../support/server.js';
import { createPostgresDatabase, type TempDatabase } from '../support/temp-database.js';
import { copyFixture, removeProject, runCli } from '../support/temp-project.js';

/** How to set a project up. */
export interface ReliabilityProjectOptions {
  /** `postgres`: a fresh database of its own; `sqlite`: a file in the project. */
  database: 'postgres' | 'sqlite';
  /**
   * The Redis database index on 127.0.0.1:6379 the servers use. Never 0 (others'
   * data); the conformance suite uses 7 and the HTTP benchmark 9.
   */
  redisDb: number;
  /** Default: all six backends. */
  backends?: readonly BackendChoice[];
}

/** A generated project, its database and Redis, and the servers started from it. */
export class ReliabilityProject {
  dir = '';
  databaseUrl = '';
  redisUrl = '';
  backends: readonly BackendChoice[] = BACKEND_KINDS;
  sql?: SqlConnection;
  redis?: RedisConnection;
  private database?: TempDatabase;
  private servers: StartedServer[] = [];

  /** Copies the fixture, runs `init --yes --no-install` on it and opens SQL and Redis. */
  async setUp(fixture: string, options: ReliabilityProjectOptions): Promise<void> {
    if (options.redisDb === 0) throw new Error('Redis database 0 is not for tests.');
    this.backends = options.backends ?? BACKEND_KINDS;
    this.dir = await copyFixture(fixture);
    this.database = options.database === 'postgres' ? await createPostgresDatabase() : undefined;
    this.databaseUrl = this.database?.url ?? `file:${join(this.dir, 'dev.db')}`;
    this.redisUrl = `redis://127.0.0.1:6379/${options.redisDb}`;
    writeFileSync(join(this.dir, '.env'), `DATABASE_URL="${this.databaseUrl}"\n`);
    const names = this.backends.map((backend) => backend.name).join(',');
    const init = await runCli(this.dir, ['init', '--yes', '--no-install', '--backends', names]);
    if (init.exitCode !== 0) throw new Error(`init failed in ${this.dir}:\n${init.all}`);
    this.sql = await openSql(this.databaseUrl);
    this.redis = await openRedis(this.redisUrl);
  }

  /** Starts one more server process of the project on a port of its own. */
  async start(): Promise<StartedServer> {
    const server = await startServer(this.dir, { env: { REDIS_URL: this.redisUrl } });
    this.servers.push(server);
    return server;
  }

  /** The project's .env as init left it (AUTH_JWT_SECRET and the rest). */
  env(): Record<string, string> {
    return parse(readFileSync(join(this.dir, '.env'), 'utf8'));
  }

  /** Stops the servers, empties the tokens from Redis, drops the database, deletes the copy. */
  async tearDown(): Promise<void> {
    await Promise.all(this.servers.map((server) => server.stop()));
    await this.sql?.close();
    for (const key of (await this.redis?.keys('auth:token:*')) ?? []) await this.redis?.del(key);
    await this.redis?.close();
    await this.database?.drop();
    if (this.dir) removeProject(this.dir);
  }
}
