/**
 * Ready-made inspection hooks for a conformance target: SQL on PostgreSQL or
 * SQLite and a Redis inspector, built from the same URLs the server runs with.
 * The drivers come from the shared fixture install (test/fixtures/deps), the
 * very packages the generated server uses.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';

import { fixtureDepsDir } from '../support/fixture-deps.js';
import type { RedisInspector, SqlRow, SqlRunner } from './target.js';

/** An open database connection for the suite's SQL hook. */
export interface SqlConnection {
  sql: SqlRunner;
  close(): Promise<void>;
}

/** An open Redis connection for the suite's Redis hook. */
export interface RedisConnection extends RedisInspector {
  close(): Promise<void>;
}

async function requireFixturePackage<T>(name: string): Promise<T> {
  const require = createRequire(join(await fixtureDepsDir(), 'package.json'));
  return require(name) as T;
}

/**
 * Opens `postgresql://...` with pg, or `file:/absolute/path.db` with libsql
 * (foreign keys on, as Prisma has them, so cascades run).
 */
export async function openSql(databaseUrl: string): Promise<SqlConnection> {
  if (/^postgres(ql)?:/.test(databaseUrl)) return openPostgres(databaseUrl);
  if (databaseUrl.startsWith('file:')) return openSqlite(databaseUrl);
  throw new Error(`No SQL inspector for ${databaseUrl} (PostgreSQL and SQLite only).`);
}

interface PgPool {
  query(text: string, params: unknown[]): Promise<{ rows: SqlRow[] }>;
  end(): Promise<void>;
}

async function openPostgres(url: string): Promise<SqlConnection> {
  const pg = await requireFixturePackage<{ Pool: new (config: object) => PgPool }>('pg');
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const sql: SqlRunner = async (query, params = []) => {
    let index = 0;
    const numbered = query.replace(/\?/g, () => `$${(index += 1)}`);
    return (await pool.query(numbered, [...params])).rows;
  };
  return { sql, close: () => pool.end() };
}

interface LibsqlClient {
  execute(statement: {
    sql: string;
    args: unknown[];
  }): Promise<{ columns: string[]; rows: unknown[][] }>;
  close(): void;
}

async function openSqlite(url: string): Promise<SqlConnection> {
  const libsql = await requireFixturePackage<{ createClient(config: object): LibsqlClient }>(
    '@libsql/client',
  );
  const client = libsql.createClient({ url });
  await client.execute({ sql: 'PRAGMA foreign_keys = ON', args: [] });
  await client.execute({ sql: 'PRAGMA busy_timeout = 5000', args: [] });
  const sql: SqlRunner = async (query, params = []) => {
    const result = await client.execute({ sql: query, args: [...params] });
    return result.rows.map((row) => Object.fromEntries(result.columns.map((c, i) => [c, row[i]])));
  };
  return { sql, close: async () => client.close() };
}

interface IoRedis {
  scan(cursor: string, ...args: (string | number)[]): Promise<[string, string[]]>;
  ttl(key: string): Promise<number>;
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ...args: (string | number)[]): Promise<unknown>;
  del(key: string): Promise<number>;
  quit(): Promise<unknown>;
}

/** Opens a Redis inspector on `redis://host:port[/db]`. */
export async function openRedis(url: string): Promise<RedisConnection> {
  const Redis =
    await requireFixturePackage<new (url: string, options: object) => IoRedis>('ioredis');
  const redis = new Redis(url, { maxRetriesPerRequest: 2 });
  return {
    async keys(pattern) {
      const found: string[] = [];
      let cursor = '0';
      do {
        const [next, batch] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
        found.push(...batch);
        cursor = next;
      } while (cursor !== '0');
      return [...new Set(found)];
    },
    ttl: (key) => redis.ttl(key),
    get: (key) => redis.get(key),
    async set(key, value, ttlSeconds) {
      if (ttlSeconds === undefined) await redis.set(key, value);
      else await redis.set(key, value, 'EX', ttlSeconds);
    },
    async del(key) {
      await redis.del(key);
    },
    async close() {
      await redis.quit();
    },
  };
}
