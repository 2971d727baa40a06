/**
 * Applying pending migrations to the owner's database, as `prisma migrate
 * deploy` does: same engine code, so the `_prisma_migrations` rows (name,
 * checksum, timestamps, step count) are the ones Prisma itself would write and
 * the owner's later `prisma migrate` commands agree with them.
 */
import type { DatabaseProvider } from '../options.js';
import { databaseAdapterFactory } from './database-adapter-factory.js';
import { MigrationError, migrationErrorFrom, notBaselinedError } from './migration-error.js';
import { findPrismaCli, isEngineDownloadFailure, runPrismaCli } from './prisma-cli.js';
import { readMigrationList } from './read-migration-list.js';
import { withSchemaEngine } from './with-schema-engine.js';

/** Where the migrations are and which database gets them. */
export interface ApplyMigrationsInput {
  /** The owner's project; relative SQLite paths (`file:./dev.db`) are resolved against it. */
  projectDir: string;
  migrationsDir: string;
  provider: DatabaseProvider;
  databaseUrl: string;
  /**
   * The folder a relative SQLite path is relative to, when not the project:
   * Prisma 5/6 schemas with a datasource `url` resolve it against the schema's folder.
   */
  sqliteBaseDir?: string;
}

/** What was applied. */
export interface ApplyMigrationsResult {
  /** Names of the migrations applied by this call, oldest first; empty when none were pending. */
  appliedMigrationNames: string[];
}

/**
 * Applies every pending migration in `migrationsDir`. SQLite (through libSQL)
 * and PostgreSQL (through node-postgres) use the bundled schema engine. MySQL
 * runs the project's own `prisma migrate deploy`, because the engine's
 * WebAssembly build has no MySQL support. Throws a MigrationError naming the
 * next step when the database is unreachable, holds tables without migration
 * history (P3005), or a migration fails.
 */
export async function applyMigrations(input: ApplyMigrationsInput): Promise<ApplyMigrationsResult> {
  const list = readMigrationList(input.migrationsDir);
  const names = list.migrationDirectories.map((dir) => dir.path);
  if (input.provider === 'mysql') return deployWithCli(input, names);
  const baseDir = input.sqliteBaseDir ?? input.projectDir;
  const adapterFactory = databaseAdapterFactory(input.provider, input.databaseUrl, baseDir);
  try {
    const output = await withSchemaEngine({ adapterFactory }, (engine) =>
      engine.applyMigrations({
        migrationsList: list,
        filters: { externalTables: [], externalEnums: [] },
      }),
    );
    return { appliedMigrationNames: output.appliedMigrationNames };
  } catch (error) {
    throw migrationErrorFrom(error, names);
  }
}

/** `prisma migrate deploy` with DATABASE_URL set, which Prisma 5/6 schemas and most prisma.config.ts files read. */
async function deployWithCli(
  input: ApplyMigrationsInput,
  names: string[],
): Promise<ApplyMigrationsResult> {
  const cli = findPrismaCli(input.projectDir);
  const run = await runPrismaCli(cli, ['migrate', 'deploy'], {
    cwd: input.projectDir,
    env: { DATABASE_URL: input.databaseUrl },
  });
  if (run.exitCode === 0) {
    // The CLI lists what it applied as a tree: `└─ <name>/`.
    return { appliedMigrationNames: names.filter((name) => run.output.includes(`${name}/`)) };
  }
  if (isEngineDownloadFailure(run.output)) {
    throw new MigrationError(
      'engine-unavailable',
      'Could not apply the MySQL migrations: the Prisma CLI could not download its schema engine.',
      'Run `npx prisma migrate deploy` where the Prisma CLI can reach binaries.prisma.sh, or set PRISMA_SCHEMA_ENGINE_BINARY to a schema-engine binary for your Prisma version.',
    );
  }
  const code = /\bP\d{4}\b/.exec(run.output)?.[0];
  if (code === 'P3005') throw notBaselinedError(names);
  throw new MigrationError(
    'other',
    `prisma migrate deploy failed:\n${run.output}`,
    'Fix the cause above, then run `npx prisma migrate deploy`.',
    code,
  );
}
