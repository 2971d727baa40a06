/**
 * Driver adapters for the schema engine: a real one for applying migrations,
 * and an offline one for diffing two schemas, which needs no database.
 */
import { isAbsolute, resolve } from 'node:path';

import { PrismaLibSql } from '@prisma/adapter-libsql';
import { PrismaPg } from '@prisma/adapter-pg';
import type {
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
  SqlQuery,
  SqlResultSet,
} from '@prisma/driver-adapter-utils';

import type { DatabaseProvider } from '../options.js';

/**
 * Resolves a SQLite URL (`file:./dev.db`) against `baseDir`, the folder the
 * owner's server runs in, and drops Prisma-only query parameters
 * (`?connection_limit=1`) that libSQL does not understand.
 */
export function resolveSqliteUrl(url: string, baseDir: string): string {
  const withoutQuery = url.split('?')[0]!;
  const path = withoutQuery.replace(/^file:(\/\/(?=\/))?/, '');
  if (path === ':memory:') return 'file::memory:';
  return `file:${isAbsolute(path) ? path : resolve(baseDir, path)}`;
}

/** The SQLite file a URL names (`:memory:` for none), relative paths taken from `baseDir`. */
export function sqliteFilePath(url: string, baseDir: string): string {
  return resolveSqliteUrl(url, baseDir).slice('file:'.length);
}

/**
 * An adapter factory connecting to the owner's database. The schema engine
 * only drives SQLite and PostgreSQL through adapters; MySQL is migrated
 * through the Prisma CLI instead (see applyMigrations).
 */
export function databaseAdapterFactory(
  provider: Exclude<DatabaseProvider, 'mysql'>,
  databaseUrl: string,
  baseDir: string,
): SqlMigrationAwareDriverAdapterFactory {
  if (provider === 'sqlite')
    return new PrismaLibSql({ url: resolveSqliteUrl(databaseUrl, baseDir) });
  // Prisma's `?schema=` parameter picks the PostgreSQL schema; the adapter takes it as an option.
  const schema = new URL(databaseUrl).searchParams.get('schema') ?? undefined;
  return new PrismaPg({ connectionString: databaseUrl }, schema ? { schema } : undefined);
}

/**
 * An adapter that has no database behind it. Diffing two schema texts does
 * not read any database, but the engine still wants an adapter to learn the
 * SQL dialect, and on PostgreSQL it asks for the server version at start
 * (and creates the `public` schema when that query says it is missing). This
 * adapter answers the version query with no rows, so the engine assumes a
 * current PostgreSQL, accepts the CREATE SCHEMA, and fails any other
 * statement loudly rather than answer it with made-up data. The tests check
 * that its SQL equals what a real connection produces.
 */
export function offlineAdapterFactory(
  provider: Exclude<DatabaseProvider, 'mysql'>,
): SqlMigrationAwareDriverAdapterFactory {
  const adapterProvider = provider === 'postgresql' ? 'postgres' : 'sqlite';
  const adapterName = `create-auth-offline-${adapterProvider}`;
  const connect = async (): Promise<SqlDriverAdapter> =>
    offlineAdapter(adapterProvider, adapterName);
  return { provider: adapterProvider, adapterName, connect, connectToShadowDb: connect };
}

function offlineAdapter(provider: 'postgres' | 'sqlite', adapterName: string): SqlDriverAdapter {
  const refuse = async (query?: SqlQuery): Promise<never> => {
    const what = query ? `: ${query.sql}` : '';
    throw new Error(`The offline schema engine adapter cannot run this statement${what}`);
  };
  const empty: SqlResultSet = { columnNames: [], columnTypes: [], rows: [] };
  return {
    provider,
    adapterName,
    queryRaw: async (query) => (query.sql.includes('version()') ? empty : refuse(query)),
    executeRaw: async (query) => (query.sql.startsWith('CREATE SCHEMA') ? 0 : refuse(query)),
    executeScript: () => refuse(),
    startTransaction: () => refuse(),
    getConnectionInfo: () => ({ supportsRelationJoins: false }),
    dispose: async () => {},
  };
}
