import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { PrismaPg } from '@prisma/adapter-pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { linkFixtureDeps, REPO_ROOT } from '../../test/support/fixture-deps.js';
import { createPostgresDatabase } from '../../test/support/temp-database.js';
import type { TempDatabase } from '../../test/support/temp-database.js';
import { UserError } from '../util/user-error.js';
import { computeMigration } from './compute-migration.js';
import { mergeAuthModels } from './merge-auth-models.js';
import { withSchemaEngine } from './with-schema-engine.js';

const example = readFileSync(
  join(REPO_ROOT, 'examples/express-sqlite/prisma/schema.prisma'),
  'utf8',
);
const onPostgres = example.replace('provider = "sqlite"', 'provider = "postgresql"');
const onMysql = example.replace('provider = "sqlite"', 'provider = "mysql"');
const merge = (schema: string) => mergeAuthModels(schema, { withAccessToken: true }).text;

describe('computeMigration', () => {
  it('computes the SQLite migration for the bundled example, with no database', async () => {
    const sql = await computeMigration({
      provider: 'sqlite',
      before: example,
      after: merge(example),
    });

    expect(sql).toContain('CREATE TABLE "AccessToken"');
    // The redefined table's copy of existing rows takes the default.
    expect(sql).toContain(`"hashedPassword" TEXT NOT NULL DEFAULT ''`);
    expect(sql).toContain('ON DELETE CASCADE');
    expect(sql).toContain('CREATE UNIQUE INDEX "AccessToken_tokenHash_key"');
    // The example's init migration is what the engine computes from an empty database.
    const init = readFileSync(
      join(
        REPO_ROOT,
        'examples/express-sqlite/prisma/migrations/20260101000000_init/migration.sql',
      ),
      'utf8',
    );
    expect(await computeMigration({ provider: 'sqlite', before: null, after: example })).toBe(init);
  });

  it('returns an empty string when nothing changes', async () => {
    const merged = merge(example);
    expect(await computeMigration({ provider: 'sqlite', before: merged, after: merged })).toBe('');
  });

  it('computes the PostgreSQL migration, and accepts a Prisma 6 datasource url', async () => {
    const prisma6 = onPostgres.replace(
      '"postgresql"',
      '"postgresql"\n  url      = env("DATABASE_URL")',
    );
    const sql = await computeMigration({
      provider: 'postgresql',
      before: prisma6,
      after: merge(prisma6),
    });

    expect(sql).toContain(`-- AlterTable
ALTER TABLE "User" ADD COLUMN     "hashedPassword" TEXT NOT NULL DEFAULT '',`);
    expect(sql).toContain('"expiresAt" TIMESTAMP(3) NOT NULL');
    expect(sql).toContain('ALTER TABLE "AccessToken" ADD CONSTRAINT "AccessToken_userId_fkey"');
  });

  it('diffs a multi-file schema', async () => {
    const before = [
      { path: '/p/schema/db.prisma', content: 'datasource db {\n  provider = "sqlite"\n}\n' },
      {
        path: '/p/schema/user.prisma',
        content: 'model User {\n  id Int @id @default(autoincrement())\n}\n',
      },
    ];
    const after = mergeAuthModels(before, { withAccessToken: false }).files;
    const sql = await computeMigration({ provider: 'sqlite', before, after });
    expect(sql).toContain('"email" TEXT NOT NULL');
  });

  describe('on a real PostgreSQL server', () => {
    let database: TempDatabase;
    beforeAll(async () => {
      database = await createPostgresDatabase();
    });
    afterAll(() => database?.drop());

    it('gives the same SQL offline as with a live connection', async () => {
      const after = merge(onPostgres);
      const offline = await computeMigration({ provider: 'postgresql', before: onPostgres, after });
      const session = { adapterFactory: new PrismaPg({ connectionString: database.url }) };
      const live = await withSchemaEngine(session, (engine) =>
        engine.diff({
          from: { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: onPostgres }] },
          to: { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: after }] },
          script: true,
          exitCode: null,
          filters: { externalTables: [], externalEnums: [] },
        }),
      );
      expect(offline).toBe(live.stdout);
    });
  });

  describe('on MySQL', () => {
    let projectDir: string;
    beforeAll(async () => {
      projectDir = mkdtempSync(join(tmpdir(), 'create-auth-mysql-'));
      await linkFixtureDeps(projectDir);
    });
    afterAll(() => rmSync(projectDir, { recursive: true, force: true }));

    it('needs the project, whose Prisma CLI computes the diff', async () => {
      await expect(
        computeMigration({ provider: 'mysql', before: onMysql, after: merge(onMysql) }),
      ).rejects.toThrow(/needs projectDir/);
    });

    // The CLI needs Prisma's native engine: on a machine that can download it the
    // SQL comes back; offline (as on CI here) the error must say so.
    it('computes the SQL with the project CLI, or says the engine could not be downloaded', async () => {
      const attempt = computeMigration({
        provider: 'mysql',
        before: onMysql,
        after: merge(onMysql),
        projectDir,
      });
      const outcome = await attempt.then(
        (sql) => ({ sql }),
        (error: unknown) => ({ error }),
      );
      if ('sql' in outcome) {
        expect(outcome.sql).toContain('CREATE TABLE `AccessToken`');
      } else {
        expect(outcome.error).toBeInstanceOf(UserError);
        expect((outcome.error as UserError).message).toMatch(
          /could not download its schema engine/,
        );
      }
    });
  });
});
