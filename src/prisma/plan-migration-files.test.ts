import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { REPO_ROOT } from '../../test/support/fixture-deps.js';
import { migrationLockToml, planMigrationFiles } from './plan-migration-files.js';

const now = new Date(Date.UTC(2026, 11, 3, 9, 5, 7, 900));
const base = { migrationsDir: '/p/prisma/migrations', provider: 'sqlite' as const, now };
const authOnly = (sql: string) => [{ name: 'create_auth', sql }];

describe('planMigrationFiles', () => {
  it('names the folder with a UTC YYYYMMDDHHMMSS timestamp and adds a missing lock file', () => {
    const planned = planMigrationFiles({
      ...base,
      migrations: authOnly('CREATE TABLE x;'),
      migrationLock: null,
    });

    expect(planned.files).toEqual([
      {
        path: '/p/prisma/migrations/20261203090507_create_auth/migration.sql',
        content: 'CREATE TABLE x;',
      },
      { path: '/p/prisma/migrations/migration_lock.toml', content: migrationLockToml('sqlite') },
    ]);
    expect(planned.names).toEqual(['20261203090507_create_auth']);
  });

  it('writes the lock file byte for byte as Prisma does', () => {
    const lock = join(REPO_ROOT, 'examples/express-sqlite/prisma/migrations/migration_lock.toml');
    expect(migrationLockToml('sqlite')).toBe(readFileSync(lock, 'utf8'));
    expect(migrationLockToml('postgresql')).toContain('provider = "postgresql"\n');
  });

  it('plans nothing for empty SQL and keeps an existing lock file', () => {
    const lock = migrationLockToml('sqlite');
    const empty = planMigrationFiles({ ...base, migrations: authOnly(''), migrationLock: null });
    expect(empty).toEqual({ files: [], names: [] });
    const planned = planMigrationFiles({
      ...base,
      migrations: authOnly('SELECT 1;'),
      migrationLock: lock,
    });
    expect(planned.files).toHaveLength(1);
  });

  it('keeps the new migration last when an existing one is newer than the clock', () => {
    const planned = planMigrationFiles({
      ...base,
      migrations: authOnly('SELECT 1;'),
      migrationLock: null,
      existingMigrations: ['20261203090507_init', '20261231235959_later'],
    });
    expect(planned.files[0]!.path).toBe(
      '/p/prisma/migrations/20270101000000_create_auth/migration.sql',
    );
  });

  it('gives several migrations increasing timestamps, in the order given', () => {
    const migrations = [
      { name: 'init', sql: 'CREATE TABLE a;' },
      { name: 'create_auth', sql: 'CREATE TABLE b;' },
    ];
    const fresh = planMigrationFiles({ ...base, migrations, migrationLock: null });
    expect(fresh.names).toEqual(['20261203090507_init', '20261203090508_create_auth']);

    // Across a minute, an hour and a year, and after a migration from the future.
    const newYear = planMigrationFiles({
      ...base,
      migrations,
      migrationLock: null,
      now: new Date(Date.UTC(2026, 11, 31, 23, 59, 59)),
    });
    expect(newYear.names).toEqual(['20261231235959_init', '20270101000000_create_auth']);
    const skewed = planMigrationFiles({
      ...base,
      migrations,
      migrationLock: null,
      existingMigrations: ['20261203090507_owner'],
    });
    expect(skewed.names).toEqual(['20261203090508_init', '20261203090509_create_auth']);
    expect([...skewed.names].sort()).toEqual(skewed.names);
  });

  it('refuses a lock file for another provider', () => {
    const lock = migrationLockToml('postgresql');
    expect(() =>
      planMigrationFiles({ ...base, migrations: authOnly('SELECT 1;'), migrationLock: lock }),
    ).toThrow(/says "postgresql".*"sqlite"/);
  });
});
