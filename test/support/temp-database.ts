/**
 * Uniquely named PostgreSQL and MariaDB databases for one test run, created
 * on the services the machine provides (see notes/environment.md) and
 * dropped afterwards. They go through the Prisma driver adapters create-auth
 * already depends on, so the tests need no other database client.
 */
import { randomBytes } from 'node:crypto';

import { PrismaMariaDb } from '@prisma/adapter-mariadb';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapter, SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';

/** A database made for a test, and the means to run SQL in it and drop it. */
export interface TempDatabase {
  name: string;
  url: string;
  /** Runs one query and returns its rows as objects. */
  query(sql: string): Promise<Record<string, unknown>[]>;
  drop(): Promise<void>;
}

/** The server URLs; override them with TEST_POSTGRES_URL / TEST_MARIADB_URL. */
export const POSTGRES_SERVER_URL =
  process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
export const MARIADB_SERVER_URL =
  process.env.TEST_MARIADB_URL ?? 'mysql://root@127.0.0.1:3306/test';

/** A fresh PostgreSQL database. */
export async function createPostgresDatabase(): Promise<TempDatabase> {
  const name = uniqueName();
  await runOnce(
    new PrismaPg({ connectionString: POSTGRES_SERVER_URL }),
    `CREATE DATABASE "${name}"`,
  );
  const url = withDatabase(POSTGRES_SERVER_URL, name);
  return {
    name,
    url,
    query: (sql) => queryOnce(new PrismaPg({ connectionString: url }), sql),
    drop: () =>
      runOnce(
        new PrismaPg({ connectionString: POSTGRES_SERVER_URL }),
        `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`,
      ),
  };
}

/** A fresh MariaDB / MySQL database. */
export async function createMariadbDatabase(): Promise<TempDatabase> {
  const name = uniqueName();
  await runOnce(new PrismaMariaDb(MARIADB_SERVER_URL), `CREATE DATABASE \`${name}\``);
  const url = withDatabase(MARIADB_SERVER_URL, name);
  return {
    name,
    url,
    query: (sql) => queryOnce(new PrismaMariaDb(url), sql),
    drop: () =>
      runOnce(new PrismaMariaDb(MARIADB_SERVER_URL), `DROP DATABASE IF EXISTS \`${name}\``),
  };
}

function uniqueName(): string {
  return `create_auth_test_${Date.now()}_${randomBytes(3).toString('hex')}`;
}

function withDatabase(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withAdapter<T>(
  factory: SqlDriverAdapterFactory,
  work: (adapter: SqlDriverAdapter) => Promise<T>,
): Promise<T> {
  const adapter = await factory.connect();
  try {
    return await work(adapter);
  } finally {
    await adapter.dispose();
  }
}

// One statement through executeRaw: the MariaDB adapter has no executeScript.
async function runOnce(factory: SqlDriverAdapterFactory, sql: string): Promise<void> {
  await withAdapter(factory, (adapter) => adapter.executeRaw({ sql, args: [], argTypes: [] }));
}

function queryOnce(
  factory: SqlDriverAdapterFactory,
  sql: string,
): Promise<Record<string, unknown>[]> {
  return withAdapter(factory, async (adapter) => {
    const result = await adapter.queryRaw({ sql, args: [], argTypes: [] });
    return result.rows.map((row) =>
      Object.fromEntries(result.columnNames.map((column, i) => [column, row[i]])),
    );
  });
}
