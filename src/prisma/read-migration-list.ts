/** Loading a migrations folder into the shape the schema engine reads it in. */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import type { MigrationList } from '@prisma/schema-engine-wasm';

import { listMigrationNames } from './locate-prisma-schema.js';

const LOCK_FILE = 'migration_lock.toml';

/**
 * Every `<name>/migration.sql` under `migrationsDir`, oldest first, and the
 * lock file. A folder without a readable migration.sql is passed on as an
 * error entry, which the engine reports the way `prisma migrate` does.
 */
export function readMigrationList(migrationsDir: string): MigrationList {
  const baseDir = resolve(migrationsDir);
  const lockPath = join(baseDir, LOCK_FILE);
  return {
    baseDir,
    lockfile: {
      path: LOCK_FILE,
      content: existsSync(lockPath) ? readFileSync(lockPath, 'utf8') : null,
    },
    shadowDbInitScript: '',
    migrationDirectories: listMigrationNames(baseDir).map((name) => ({
      path: name,
      migrationFile: {
        path: 'migration.sql',
        content: readScript(join(baseDir, name, 'migration.sql')),
      },
    })),
  };
}

function readScript(path: string): { tag: 'ok'; value: string } | { tag: 'error'; value: string } {
  try {
    return { tag: 'ok', value: readFileSync(path, 'utf8') };
  } catch (error) {
    return { tag: 'error', value: (error as Error).message };
  }
}
