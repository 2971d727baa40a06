import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { it } from 'vitest';
import { createPostgresDatabase } from '../../test/support/temp-database.js';
import { applyMigrations } from './apply-migrations.js';

function project(sqlA: string, sqlB: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'scratch-'));
  const m = join(dir, 'prisma/migrations');
  for (const [name, sql] of [['20260101000000_a', sqlA], ['20260102000000_b', sqlB]] as const) {
    mkdirSync(join(m, name), { recursive: true });
    writeFileSync(join(m, name, 'migration.sql'), sql);
  }
  return dir;
}
const B = 'CREATE TABLE "Half" ("id" INTEGER);\nINSERT INTO "Nowhere" VALUES (1);\nCREATE TABLE "After" ("id" INTEGER);\n';

it('sqlite midway', async () => {
  const dir = project('CREATE TABLE "A" ("id" INTEGER);\n', B);
  const e = await applyMigrations({ projectDir: dir, migrationsDir: join(dir, 'prisma/migrations'), provider: 'sqlite', databaseUrl: 'file:./dev.db' }).catch((x) => x);
  console.log('SQLITE ERR', e.kind, e.code, e.message, '\nFIX', e.fix);
  const c = createClient({ url: `file:${join(dir, 'dev.db')}` });
  console.log((await c.execute(`SELECT name FROM sqlite_master WHERE type='table'`)).rows.map((r) => r.name));
  console.log((await c.execute(`SELECT migration_name, finished_at, rolled_back_at, applied_steps_count, logs FROM _prisma_migrations`)).rows);
  c.close();
});

it('postgres midway', async () => {
  const db = await createPostgresDatabase();
  try {
    const dir = project('CREATE TABLE "A" ("id" INTEGER);\n', B);
    const e = await applyMigrations({ projectDir: dir, migrationsDir: join(dir, 'prisma/migrations'), provider: 'postgresql', databaseUrl: db.url }).catch((x) => x);
    console.log('PG ERR', e.kind, e.code, e.message, '\nFIX', e.fix);
    console.log(await db.query(`SELECT table_name FROM information_schema.tables WHERE table_schema='public'`));
    console.log(await db.query(`SELECT migration_name, finished_at, rolled_back_at, applied_steps_count, logs FROM _prisma_migrations`));
  } finally { await db.drop(); }
});
