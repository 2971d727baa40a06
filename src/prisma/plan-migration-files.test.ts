import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { REPO_ROOT } from '../../test/support/fixture-deps.js';
import { migrationLockToml, planMigrationFiles } from './plan-migration-files.js';

const now = new Date(Date.UTC(2026, 11, 3, 9, 5, 7));
const base = { migrationsDir: '/p/prisma/migrations', provider: 'sqlite' as const, now };

describe('planMigrationFiles', () => {
  it('names the folder with a UTC YYYYMMDDHHMMSS timestamp and adds a missing lock file', () => {
    const files = planMigrationFiles({ ...base, sql: 'CREATE TABLE x;', migrationLock: null });

    expect(files).toEqual([
      {
        path: '/p/prisma/migrations/20261203090507_create_auth/migration.sql',
        content: 'CREATE TABLE x;',
      },
      { path: '/p/prisma/migrations/migration_lock.toml', content: migrationLockToml('sqlite') },
    ]);
  });

  it('writes the lock file byte for byte as Prisma does', () => {
    const lock = join(REPO_ROOT, 'examples/express-sqlite/prisma/migrations/migration_lock.toml');
    expect(migrationLockToml('sqlite')).toBe(readFileSync(lock, 'utf8'));
    expect(migrationLockToml('postgresql')).toContain('provider = "postgresql"\n');
  });

  it('plans nothing for empty SQL and keeps an existing lock file', () => {
    const lock = migrationLockToml('sqlite');
    expect(planMigrationFiles({ ...base, sql: '', migrationLock: null })).toEqual([]);
    expect(planMigrationFiles({ ...base, sql: 'SELECT 1;', migrationLock: lock })).toHaveLength(1);
  });

  it('keeps the new migration last when an existing one is newer than the clock', () => {
    const [file] = planMigrationFiles({
      ...base,
      sql: 'SELECT 1;',
      migrationLock: null,
      existingMigrations: ['20261203090507_init', '20261231235959_later'],
    });
    expect(file!.path).toBe('/p/prisma/migrations/20270101000000_create_auth/migration.sql');
  });

  it('refuses a lock file for another provider', () => {
    const lock = migrationLockToml('postgresql');
    expect(() => planMigrationFiles({ ...base, sql: 'SELECT 1;', migrationLock: lock })).toThrow(
      /says "postgresql".*"sqlite"/,
    );
  });
});
