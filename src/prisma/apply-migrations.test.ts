import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { createClient } from '@libsql/client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { linkFixtureDeps, REPO_ROOT } from '../../test/support/fixture-deps.js';
import { createMariadbDatabase, createPostgresDatabase } from '../../test/support/temp-database.js';
import type { TempDatabase } from '../../test/support/temp-database.js';
import type { DatabaseProvider } from '../options.js';
import { applyMigrations } from './apply-migrations.js';
import { computeMigration } from './compute-migration.js';
import { databaseAdapterFactory } from './database-adapter-factory.js';
import { mergeAuthModels } from './merge-auth-models.js';
import { MigrationError } from './migration-error.js';
import { migrationLockToml, planMigrationFiles } from './plan-migration-files.js';
import { readMigrationList } from './read-migration-list.js';
import { withSchemaEngine } from './with-schema-engine.js';

const EXAMPLE = join(REPO_ROOT, 'examples/express-sqlite');
const INIT = '20260101000000_init';
const dirs: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'create-auth-apply-'));
  dirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the bundled example (schema, migrations, config), without packages. */
function exampleProject(): string {
  const dir = tempDir();
  cpSync(join(EXAMPLE, 'prisma'), join(dir, 'prisma'), { recursive: true });
  cpSync(join(EXAMPLE, 'prisma.config.ts'), join(dir, 'prisma.config.ts'));
  return dir;
}

/** Does what the plan engine does with create-auth's migration: merge, diff, write. */
async function addAuthMigration(
  dir: string,
  provider: DatabaseProvider,
  now: Date,
): Promise<string> {
  const schemaPath = join(dir, 'prisma/schema.prisma');
  const before = readFileSync(schemaPath, 'utf8');
  const after = mergeAuthModels(before, { withAccessToken: true }).text;
  const sql = await computeMigration({ provider, before, after, projectDir: dir });
  const migrationsDir = join(dir, 'prisma/migrations');
  const lock = readFileSync(join(migrationsDir, 'migration_lock.toml'), 'utf8');
  const migrations = [{ name: 'create_auth', sql }];
  const planned = planMigrationFiles({ migrationsDir, provider, migrations, migrationLock: lock, now });
  for (const file of planned.files) {
    mkdirSync(dirname(file.path), { recursive: true });
    writeFileSync(file.path, file.content);
  }
  writeFileSync(schemaPath, after);
  return planned.names[0]!;
}

/** Rewrites the example's schema and init migration for another provider. */
async function switchProvider(dir: string, provider: DatabaseProvider): Promise<void> {
  const schemaPath = join(dir, 'prisma/schema.prisma');
  const schema = readFileSync(schemaPath, 'utf8').replace('"sqlite"', `"${provider}"`);
  writeFileSync(schemaPath, schema);
  const init = await computeMigration({ provider, before: null, after: schema, projectDir: dir });
  writeFileSync(join(dir, 'prisma/migrations', INIT, 'migration.sql'), init);
  writeFileSync(join(dir, 'prisma/migrations/migration_lock.toml'), migrationLockToml(provider));
}

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

async function sqliteRows(dbPath: string, sql: string): Promise<Record<string, unknown>[]> {
  const client = createClient({ url: `file:${dbPath}` });
  try {
    return (await client.execute(sql)).rows.map((row) => ({ ...row }));
  } finally {
    client.close();
  }
}

/** A migration whose second statement fails, after the first one ran. */
const HALF_FAILING = [
  'CREATE TABLE "Half" ("id" INTEGER);',
  'INSERT INTO "Nowhere" VALUES (1);',
  'CREATE TABLE "After" ("id" INTEGER);',
  '',
].join('\n');

/** The failed-migration error says what stayed, how to resolve it, and shows the SQL. */
function expectRecoverySteps(error: MigrationError, name: string): void {
  expect(error.message).toMatch(new RegExp(`${name} failed: .*Nowhere`));
  expect(error.fix).toContain('without a transaction');
  expect(error.fix).toContain(`and ${INIT} (applied before it) stays applied`);
  expect(error.fix).toContain(`npx prisma migrate resolve --rolled-back ${name}`);
  expect(error.fix).toContain('    INSERT INTO "Nowhere" VALUES (1);');
}

const MIGRATION_ROWS =
  'SELECT migration_name, checksum, finished_at, rolled_back_at, applied_steps_count FROM _prisma_migrations ORDER BY migration_name';

describe('applyMigrations on SQLite', () => {
  it('applies pending migrations, records them as Prisma does, and applies nothing twice', async () => {
    const dir = exampleProject();
    const input = {
      projectDir: dir,
      migrationsDir: join(dir, 'prisma/migrations'),
      provider: 'sqlite' as const,
    };
    // Relative to the project, not to the process's working directory.
    const databaseUrl = 'file:./dev.db';

    expect(await applyMigrations({ ...input, databaseUrl })).toEqual({
      appliedMigrationNames: [INIT],
    });
    const auth = await addAuthMigration(dir, 'sqlite', new Date(Date.UTC(2026, 0, 2)));
    expect(auth).toBe('20260102000000_create_auth');
    expect(await applyMigrations({ ...input, databaseUrl })).toEqual({
      appliedMigrationNames: [auth],
    });
    expect(await applyMigrations({ ...input, databaseUrl })).toEqual({ appliedMigrationNames: [] });

    const rows = await sqliteRows(join(dir, 'dev.db'), MIGRATION_ROWS);
    expect(rows).toEqual(
      [INIT, auth].map((name) => ({
        migration_name: name,
        checksum: sha256(join(input.migrationsDir, name, 'migration.sql')),
        finished_at: expect.any(String),
        rolled_back_at: null,
        applied_steps_count: 1,
      })),
    );
    // What `prisma migrate status` asks the engine: history in sync, nothing edited or failed.
    const factory = databaseAdapterFactory('sqlite', databaseUrl, dir);
    const status = await withSchemaEngine({ adapterFactory: factory }, (engine) =>
      engine.diagnoseMigrationHistory({
        migrationsList: readMigrationList(input.migrationsDir),
        optInToShadowDatabase: false,
        filters: { externalTables: [], externalEnums: [] },
      }),
    );
    expect(status).toEqual({
      editedMigrationNames: [],
      failedMigrationNames: [],
      hasMigrationsTable: true,
      history: null,
    });
    const columns = await sqliteRows(
      join(dir, 'dev.db'),
      `SELECT name FROM pragma_table_info('User')`,
    );
    expect(columns.map((c) => c.name)).toContain('hashedPassword');
    const tables = await sqliteRows(
      join(dir, 'dev.db'),
      `SELECT name FROM sqlite_master WHERE type = 'table'`,
    );
    expect(tables.map((t) => t.name)).toContain('AccessToken');
  });

  it('refuses a database that has tables but no migration history (P3005), and says what to do', async () => {
    const dir = exampleProject();
    await addAuthMigration(dir, 'sqlite', new Date(Date.UTC(2026, 0, 2)));
    await sqliteRows(join(dir, 'dev.db'), 'CREATE TABLE "Legacy" (id INTEGER)');

    const error = await applyMigrations({
      projectDir: dir,
      migrationsDir: join(dir, 'prisma/migrations'),
      provider: 'sqlite',
      databaseUrl: `file:${join(dir, 'dev.db')}`,
    }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(MigrationError);
    expect(error).toMatchObject({ kind: 'not-baselined', code: 'P3005' });
    expect((error as MigrationError).fix).toContain(`npx prisma migrate resolve --applied ${INIT}`);
    const tables = await sqliteRows(
      join(dir, 'dev.db'),
      `SELECT name FROM sqlite_master WHERE type = 'table'`,
    );
    expect(tables.map((t) => t.name)).toEqual(['Legacy']);
  });

  it('names the migration that failed, what stayed in the database, and how to recover', async () => {
    const dir = exampleProject();
    const bad = join(dir, 'prisma/migrations/20260103000000_bad');
    mkdirSync(bad);
    writeFileSync(join(bad, 'migration.sql'), HALF_FAILING);
    const dbPath = join(dir, 'dev.db');

    const error = await applyMigrations({
      projectDir: dir,
      migrationsDir: join(dir, 'prisma/migrations'),
      provider: 'sqlite',
      databaseUrl: 'file:./dev.db',
    }).catch((e: unknown) => e);

    expect(error).toMatchObject({ kind: 'migration-failed', code: 'P3018' });
    expectRecoverySteps(error as MigrationError, '20260103000000_bad');
    // Prisma ran no transaction around it: the statement before the failing one stayed.
    const tables = await sqliteRows(dbPath, `SELECT name FROM sqlite_master WHERE type = 'table'`);
    expect(tables.map((t) => t.name)).toContain('Half');
    expect(tables.map((t) => t.name)).not.toContain('After');
    const rows = await sqliteRows(dbPath, MIGRATION_ROWS);
    expect(rows.at(-1)).toMatchObject({
      migration_name: '20260103000000_bad',
      finished_at: null,
      rolled_back_at: null,
    });

    // The recovery steps work even when the folder is gone (create-auth removes the
    // migration folders it wrote when it stops): resolve --rolled-back needs only the name.
    rmSync(bad, { recursive: true });
    const factory = databaseAdapterFactory('sqlite', 'file:./dev.db', dir);
    await withSchemaEngine({ adapterFactory: factory }, (engine) =>
      engine.markMigrationRolledBack({ migrationName: '20260103000000_bad' }),
    );
    const again = applyMigrations({
      projectDir: dir,
      migrationsDir: join(dir, 'prisma/migrations'),
      provider: 'sqlite',
      databaseUrl: 'file:./dev.db',
    });
    await expect(again).resolves.toEqual({ appliedMigrationNames: [] });
  });
});

describe('applyMigrations on PostgreSQL', () => {
  let database: TempDatabase;
  beforeAll(async () => {
    database = await createPostgresDatabase();
  });
  afterAll(() => database?.drop());

  it('applies pending migrations, records them, and applies nothing twice', async () => {
    const dir = exampleProject();
    await switchProvider(dir, 'postgresql');
    const auth = await addAuthMigration(dir, 'postgresql', new Date(Date.UTC(2026, 0, 2)));
    const input = {
      projectDir: dir,
      migrationsDir: join(dir, 'prisma/migrations'),
      provider: 'postgresql' as const,
      databaseUrl: database.url,
    };

    expect(await applyMigrations(input)).toEqual({ appliedMigrationNames: [INIT, auth] });
    expect(await applyMigrations(input)).toEqual({ appliedMigrationNames: [] });

    const rows = await database.query(MIGRATION_ROWS);
    expect(
      rows.map((r) => [r.migration_name, r.checksum, r.applied_steps_count, r.rolled_back_at]),
    ).toEqual(
      [INIT, auth].map((name) => [
        name,
        sha256(join(input.migrationsDir, name, 'migration.sql')),
        1,
        null,
      ]),
    );
    expect(rows.every((r) => r.finished_at !== null)).toBe(true);
    const tables = await database.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
    );
    expect(tables.map((t) => t.table_name)).toEqual([
      'AccessToken',
      'Post',
      'User',
      '_prisma_migrations',
    ]);
  });

  it('leaves the statements before a failing one in place, and says so', async () => {
    const dir = exampleProject();
    await switchProvider(dir, 'postgresql');
    const bad = join(dir, 'prisma/migrations/20260103000000_bad');
    mkdirSync(bad);
    writeFileSync(join(bad, 'migration.sql'), HALF_FAILING);
    const fresh = await createPostgresDatabase();
    try {
      const error = await applyMigrations({
        projectDir: dir,
        migrationsDir: join(dir, 'prisma/migrations'),
        provider: 'postgresql',
        databaseUrl: fresh.url,
      }).catch((e: unknown) => e);

      expect(error).toMatchObject({ kind: 'migration-failed', code: 'P3018' });
      expectRecoverySteps(error as MigrationError, '20260103000000_bad');
      const tables = await fresh.query(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`,
      );
      expect(tables.map((t) => t.table_name)).toContain('Half');
      expect(tables.map((t) => t.table_name)).not.toContain('After');
    } finally {
      await fresh.drop();
    }
  });

  it('says when the server cannot be reached', async () => {
    const dir = exampleProject();
    await switchProvider(dir, 'postgresql');

    const error = await applyMigrations({
      projectDir: dir,
      migrationsDir: join(dir, 'prisma/migrations'),
      provider: 'postgresql',
      databaseUrl: 'postgresql://postgres@127.0.0.1:1/nowhere',
    }).catch((e: unknown) => e);

    expect(error).toMatchObject({ kind: 'unreachable', code: 'P1001' });
    expect((error as MigrationError).message).toContain('127.0.0.1:1');
  });

  it('says when the database does not exist', async () => {
    const dir = exampleProject();
    await switchProvider(dir, 'postgresql');
    const missing = new URL(database.url);
    missing.pathname = `/${database.name}_missing`;

    const error = await applyMigrations({
      projectDir: dir,
      migrationsDir: join(dir, 'prisma/migrations'),
      provider: 'postgresql',
      databaseUrl: missing.toString(),
    }).catch((e: unknown) => e);

    expect(error).toMatchObject({ kind: 'database-missing', code: 'P1003' });
    expect((error as MigrationError).fix).toContain('Create the database');
  });
});

describe('applyMigrations on MySQL (MariaDB)', () => {
  let database: TempDatabase;
  beforeAll(async () => {
    database = await createMariadbDatabase();
  });
  afterAll(() => database?.drop());

  // MySQL goes through the project's `prisma migrate deploy`, which needs Prisma's
  // native engine: applied where it can be downloaded, a clear error offline.
  it('applies with the project CLI, or says the engine could not be downloaded', async () => {
    const dir = exampleProject();
    await linkFixtureDeps(dir);
    const migrationsDir = join(dir, 'prisma/migrations');
    const schema = readFileSync(join(dir, 'prisma/schema.prisma'), 'utf8').replace(
      '"sqlite"',
      '"mysql"',
    );
    writeFileSync(join(dir, 'prisma/schema.prisma'), schema);
    writeFileSync(join(migrationsDir, 'migration_lock.toml'), migrationLockToml('mysql'));

    const outcome = await applyMigrations({
      projectDir: dir,
      migrationsDir,
      provider: 'mysql',
      databaseUrl: database.url,
    }).then(
      (result) => ({ result }),
      (error: unknown) => ({ error }),
    );

    if ('result' in outcome) {
      expect(outcome.result.appliedMigrationNames).toEqual([INIT]);
    } else {
      expect(outcome.error).toMatchObject({ kind: 'engine-unavailable' });
    }
  });
});
