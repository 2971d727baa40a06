import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { createClient } from '@libsql/client';
import { afterEach, describe, expect, it } from 'vitest';

import { createPostgresDatabase } from '../../test/support/temp-database.js';
import type { TempDatabase } from '../../test/support/temp-database.js';
import { applyMigrations } from './apply-migrations.js';
import { computeAuthMigrations } from './compute-auth-migrations.js';
import { computeMigration } from './compute-migration.js';
import { databaseAdapterFactory } from './database-adapter-factory.js';
import { listMigrationNames } from './locate-prisma-schema.js';
import { mergeAuthModels } from './merge-auth-models.js';
import { MigrationError } from './migration-error.js';
import { planMigrationFiles } from './plan-migration-files.js';
import { readMigrationList } from './read-migration-list.js';
import { withSchemaEngine } from './with-schema-engine.js';

type Provider = 'sqlite' | 'postgresql';

/** The shape of prisma-examples' rest-express schema: a User with posts, no auth fields. */
function restExpressSchema(provider: Provider): string {
  return `generator client {
  provider = "prisma-client"
  output   = "../src/generated/prisma"
}

datasource db {
  provider = "${provider}"
}

model User {
  id    Int     @id @default(autoincrement())
  email String  @unique
  name  String?
  posts Post[]
}

model Post {
  id        Int     @id @default(autoincrement())
  title     String
  content   String?
  published Boolean @default(false)
  author    User?   @relation(fields: [authorId], references: [id])
  authorId  Int?
}
`;
}

const dirs: string[] = [];
const databases: TempDatabase[] = [];

afterEach(async () => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  await Promise.all(databases.splice(0).map((database) => database.drop()));
});

/** A project with the rest-express schema and no prisma/migrations folder. */
function projectWithoutHistory(provider: Provider): string {
  const dir = mkdtempSync(join(tmpdir(), 'create-auth-baseline-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'prisma'));
  writeFileSync(join(dir, 'prisma/schema.prisma'), restExpressSchema(provider));
  return dir;
}

/** A database to migrate and the means to look into it. */
interface Target {
  provider: Provider;
  url: string;
  query(sql: string): Promise<Record<string, unknown>[]>;
  /** Table names, sorted. */
  tables(): Promise<string[]>;
}

async function targetFor(provider: Provider, dir: string): Promise<Target> {
  if (provider === 'sqlite') {
    const query = async (sql: string) => {
      const client = createClient({ url: `file:${join(dir, 'dev.db')}` });
      try {
        return (await client.execute(sql)).rows.map((row) => ({ ...row }));
      } finally {
        client.close();
      }
    };
    const tables = `SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`;
    const names = async () => (await query(tables)).map((t) => String(t.name));
    return { provider, url: 'file:./dev.db', query, tables: names };
  }
  const database = await createPostgresDatabase();
  databases.push(database);
  const tables = `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`;
  const names = async () => (await database.query(tables)).map((t) => String(t.table_name));
  return { provider, url: database.url, query: database.query, tables: names };
}

/** What `init` plans for the Prisma schema (merge, migrations), written to disk. */
async function writeAuthMigrations(dir: string, provider: Provider, now: Date): Promise<string[]> {
  const schemaPath = join(dir, 'prisma/schema.prisma');
  const migrationsDir = join(dir, 'prisma/migrations');
  const lockPath = join(migrationsDir, 'migration_lock.toml');
  const before = readFileSync(schemaPath, 'utf8');
  const after = mergeAuthModels(before, { withAccessToken: true }).text;
  const existing = listMigrationNames(migrationsDir);
  const migrations = await computeAuthMigrations({
    provider,
    before,
    after,
    hasHistory: existing.length > 0,
  });
  const planned = planMigrationFiles({
    migrationsDir,
    provider,
    migrations,
    migrationLock: existsSync(lockPath) ? readFileSync(lockPath, 'utf8') : null,
    existingMigrations: existing,
    now,
  });
  for (const file of planned.files) {
    mkdirSync(dirname(file.path), { recursive: true });
    writeFileSync(file.path, file.content);
  }
  writeFileSync(schemaPath, after);
  return planned.names;
}

function apply(dir: string, target: Target) {
  return applyMigrations({
    projectDir: dir,
    migrationsDir: join(dir, 'prisma/migrations'),
    provider: target.provider,
    databaseUrl: target.url,
  });
}

function withEngine<T>(
  dir: string,
  target: Target,
  work: Parameters<typeof withSchemaEngine<T>>[1],
): Promise<T> {
  const adapterFactory = databaseAdapterFactory(target.provider, target.url, dir);
  return withSchemaEngine({ adapterFactory }, work);
}

/**
 * The tables `prisma db push` makes from the schema as it is now: the SQL from an
 * empty database. (The engine's own schemaPush cannot describe a PostgreSQL
 * database through the pg adapter: it fails on catalog columns of type "char".)
 */
async function dbPush(dir: string, target: Target): Promise<void> {
  const schema = readFileSync(join(dir, 'prisma/schema.prisma'), 'utf8');
  const sql = await computeMigration({ provider: target.provider, before: null, after: schema });
  // Prisma's SQL for this schema has no semicolon inside a literal.
  const statements = sql.split(';').filter((statement) => statement.trim() !== '');
  for (const statement of statements) await target.query(statement);
}

/** Columns of a table, sorted, so two states of the database can be compared. */
async function columns(target: Target, table: string): Promise<string[]> {
  const sql =
    target.provider === 'sqlite'
      ? `SELECT name FROM pragma_table_info('${table}') ORDER BY name`
      : `SELECT column_name AS name FROM information_schema.columns WHERE table_name = '${table}' ORDER BY column_name`;
  return (await target.query(sql)).map((c) => String(c.name));
}

const MIGRATION_ROWS =
  'SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY migration_name';

describe('computeAuthMigrations', () => {
  const before = restExpressSchema('sqlite');
  const after = mergeAuthModels(before, { withAccessToken: true }).text;

  it('computes only create_auth when the project has migrations', async () => {
    const migrations = await computeAuthMigrations({
      provider: 'sqlite',
      before,
      after,
      hasHistory: true,
    });
    expect(migrations.map((m) => m.name)).toEqual(['create_auth']);
    expect(migrations[0]!.sql).toBe(await computeMigration({ provider: 'sqlite', before, after }));
  });

  it('puts a baseline of the schema before the change first when there is no history', async () => {
    const migrations = await computeAuthMigrations({
      provider: 'sqlite',
      before,
      after,
      hasHistory: false,
    });
    expect(migrations.map((m) => m.name)).toEqual(['init', 'create_auth']);
    expect(migrations[0]!.sql).toBe(
      await computeMigration({ provider: 'sqlite', before: null, after: before }),
    );
    expect(migrations[0]!.sql).toContain('CREATE TABLE "User"');
    expect(migrations[0]!.sql).not.toContain('AccessToken');
  });

  it('needs no baseline when the schema before had no tables, and nothing when nothing changes', async () => {
    const empty = 'datasource db {\n  provider = "sqlite"\n}\n';
    const merged = mergeAuthModels(empty, { withAccessToken: false }).text;
    const fromEmpty = await computeAuthMigrations({
      provider: 'sqlite',
      before: empty,
      after: merged,
      hasHistory: false,
    });
    expect(fromEmpty.map((m) => m.name)).toEqual(['create_auth']);
    const unchanged = { provider: 'sqlite' as const, before: after, after, hasHistory: false };
    expect(await computeAuthMigrations(unchanged)).toEqual([]);
  });
});

describe.each(['sqlite', 'postgresql'] as const)('create-auth migrations on %s', (provider) => {
  const now = new Date(Date.UTC(2026, 11, 3, 9, 5, 7));

  it('applies the baseline and create_auth to an empty database when there was no history', async () => {
    const dir = projectWithoutHistory(provider);
    const target = await targetFor(provider, dir);

    const names = await writeAuthMigrations(dir, provider, now);
    expect(names).toEqual(['20261203090507_init', '20261203090508_create_auth']);
    expect(await apply(dir, target)).toEqual({ appliedMigrationNames: names });

    const rows = await target.query(MIGRATION_ROWS);
    expect(rows).toEqual(
      names.map((name) => ({
        migration_name: name,
        finished_at: expect.anything(),
        rolled_back_at: null,
      })),
    );
    expect(await target.tables()).toEqual(
      expect.arrayContaining(['AccessToken', 'Post', 'User', '_prisma_migrations']),
    );
    expect(await columns(target, 'User')).toContain('hashedPassword');
    expect(await apply(dir, target)).toEqual({ appliedMigrationNames: [] });
  });

  /** A project without history whose database was made with `prisma db push`, holding one user. */
  async function pushedProject() {
    const dir = projectWithoutHistory(provider);
    const target = await targetFor(provider, dir);
    await dbPush(dir, target);
    await target.query(`INSERT INTO "User" ("email", "name") VALUES ('ada@example.com', 'Ada')`);
    return { dir, target };
  }

  it('refuses a database made with db push (P3005) without changing it, and says how to baseline', async () => {
    const { dir, target } = await pushedProject();
    const tablesBefore = await target.tables();
    const userColumnsBefore = await columns(target, 'User');

    const [init, auth] = await writeAuthMigrations(dir, provider, now);
    const error = await apply(dir, target).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(MigrationError);
    expect(error).toMatchObject({ kind: 'not-baselined', code: 'P3005' });
    const fix = (error as MigrationError).fix!;
    expect(fix).toContain('--no-migrate');
    expect(fix).toContain(`npx prisma migrate resolve --applied ${init}`);
    expect(fix).not.toContain(`--applied ${auth}`);
    expect(fix).toContain('npx prisma migrate deploy');
    expect(await target.tables()).toEqual(tablesBefore);
    expect(await columns(target, 'User')).toEqual(userColumnsBefore);
  });

  // On SQLite the engine's WebAssembly build cannot mark a migration applied while
  // _prisma_migrations does not exist yet; the Prisma CLI's native engine can.
  it.skipIf(provider === 'sqlite')(
    'applies create_auth once the baseline is marked applied, as the error says',
    async () => {
      const { dir, target } = await pushedProject();
      const [init, auth] = await writeAuthMigrations(dir, provider, now);

      // What `npx prisma migrate resolve --applied <init>` runs.
      await withEngine(dir, target, (engine) =>
        engine.markMigrationApplied({
          migrationName: init!,
          migrationsList: readMigrationList(join(dir, 'prisma/migrations')),
        }),
      );
      expect(await apply(dir, target)).toEqual({ appliedMigrationNames: [auth] });
      const users = await target.query(`SELECT "email", "hashedPassword" FROM "User"`);
      expect(users).toEqual([{ email: 'ada@example.com', hashedPassword: '' }]);
    },
  );

  it('adds the auth columns to a User table that already has rows', async () => {
    const dir = projectWithoutHistory(provider);
    const target = await targetFor(provider, dir);
    const [init] = await writeAuthMigrations(dir, provider, now).then(async (names) => {
      // Start from a project whose history is only the baseline, applied, with users in it.
      rmSync(join(dir, 'prisma/migrations', names[1]!), { recursive: true });
      writeFileSync(join(dir, 'prisma/schema.prisma'), restExpressSchema(provider));
      return names;
    });
    expect(await apply(dir, target)).toEqual({ appliedMigrationNames: [init] });
    await target.query(`INSERT INTO "User" ("email", "name") VALUES ('ada@example.com', 'Ada')`);
    await target.query(`INSERT INTO "User" ("email") VALUES ('alan@example.com')`);

    const names = await writeAuthMigrations(dir, provider, new Date(Date.UTC(2026, 11, 4)));
    expect(names).toEqual(['20261204000000_create_auth']);
    expect(await apply(dir, target)).toEqual({ appliedMigrationNames: names });

    const users = await target.query(
      `SELECT "email", "hashedPassword", "isActive", "isSuperuser", "isVerified" FROM "User" ORDER BY "email"`,
    );
    // SQLite stores booleans as 0 and 1.
    const bool = (value: boolean) => (provider === 'sqlite' ? Number(value) : value);
    expect(users).toEqual(
      ['ada@example.com', 'alan@example.com'].map((email) => ({
        email,
        hashedPassword: '',
        isActive: bool(true),
        isSuperuser: bool(false),
        isVerified: bool(false),
      })),
    );
    // Merging the merged schema again plans no further migration.
    expect(await writeAuthMigrations(dir, provider, new Date(Date.UTC(2026, 11, 5)))).toEqual([]);
  });
});
