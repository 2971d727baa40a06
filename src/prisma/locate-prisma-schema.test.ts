import { cpSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { REPO_ROOT } from '../../test/support/fixture-deps.js';
import { useTempTrees } from '../../test/support/temp-tree.js';
import { UserError } from '../util/user-error.js';
import { locatePrismaSchema } from './locate-prisma-schema.js';

const project = useTempTrees('locate');

const sqliteSchema = 'datasource db {\n  provider = "sqlite"\n}\n';

describe('locatePrismaSchema', () => {
  it('reads the bundled example through its prisma.config.ts without running it', () => {
    const dir = project({});
    cpSync(join(REPO_ROOT, 'examples/express-sqlite'), dir, { recursive: true });

    const found = locatePrismaSchema(dir);

    expect(found).toMatchObject({
      schemaPath: join(dir, 'prisma/schema.prisma'),
      isFolder: false,
      foundBy: 'prisma.config',
      configPath: join(dir, 'prisma.config.ts'),
      configEnvNames: ['DATABASE_URL'],
      migrationsDir: join(dir, 'prisma/migrations'),
      migrationNames: ['20260101000000_init'],
      provider: 'sqlite',
      datasourceFile: join(dir, 'prisma/schema.prisma'),
      datasourceHasUrl: false,
      generator: {
        name: 'client',
        provider: 'prisma-client',
        output: join(dir, 'src/generated/prisma'),
        file: join(dir, 'prisma/schema.prisma'),
      },
    });
    expect(found.migrationLock).toContain('provider = "sqlite"');
    expect(found.files.map((f) => f.path)).toEqual([join(dir, 'prisma/schema.prisma')]);
  });

  it('finds a multi-file schema folder and its migrations inside it', () => {
    const dir = project({
      'prisma.config.ts': `import { defineConfig } from 'prisma/config';
const config = defineConfig({ schema: 'prisma/schema' });
export default config;
`,
      'prisma/schema/main.prisma': 'datasource db {\n  provider = "postgres"\n}\n',
      'prisma/schema/models/user.prisma': 'model User {\n  id Int @id\n}\n',
      'prisma/schema/migrations/20250101000000_a/migration.sql': 'SELECT 1;',
    });

    const found = locatePrismaSchema(dir);

    expect(found.isFolder).toBe(true);
    expect(found.provider).toBe('postgresql');
    expect(found.files.map((f) => f.path)).toEqual([
      join(dir, 'prisma/schema/main.prisma'),
      join(dir, 'prisma/schema/models/user.prisma'),
    ]);
    expect(found.migrationsDir).toBe(join(dir, 'prisma/schema/migrations'));
    expect(found.migrationNames).toEqual(['20250101000000_a']);
    expect(found.migrationLock).toBeNull();
    expect(found.generator).toBeNull();
  });

  it('follows `satisfies`, path.join() and a custom migrations path', () => {
    const dir = project({
      'prisma.config.ts': `import path from 'node:path';
import type { PrismaConfig } from 'prisma';
export default {
  schema: path.join('db', 'app.prisma'),
  migrations: { path: 'db/history', seed: 'tsx db/seed.ts' },
  datasource: { url: env('PG_URL') },
} satisfies PrismaConfig;
`,
      'db/app.prisma': sqliteSchema,
    });

    const found = locatePrismaSchema(dir);

    expect(found.schemaPath).toBe(join(dir, 'db/app.prisma'));
    expect(found.migrationsDir).toBe(join(dir, 'db/history'));
    expect(found.configEnvNames).toEqual(['PG_URL']);
  });

  it('reads a Prisma 5/6 project: package.json `prisma.schema` and a datasource url', () => {
    const dir = project({
      'package.json': JSON.stringify({ prisma: { schema: 'database/schema.prisma' } }),
      'database/schema.prisma': `generator client {
  provider = "prisma-client-js"
}

datasource db {
  provider = "mysql"
  url      = env("DATABASE_URL")
}
`,
    });

    const found = locatePrismaSchema(dir);

    expect(found.foundBy).toBe('package.json');
    expect(found.provider).toBe('mysql');
    expect(found.datasourceHasUrl).toBe(true);
    expect(found.generator).toMatchObject({ provider: 'prisma-client-js', output: null });
    expect(found.migrationsDir).toBe(join(dir, 'database/migrations'));
  });

  it('falls back to schema.prisma, then prisma/schema.prisma', () => {
    const both = project({ 'schema.prisma': sqliteSchema, 'prisma/schema.prisma': sqliteSchema });
    expect(locatePrismaSchema(both).schemaPath).toBe(join(both, 'schema.prisma'));
    const nested = project({ 'prisma/schema.prisma': sqliteSchema });
    expect(locatePrismaSchema(nested)).toMatchObject({
      schemaPath: join(nested, 'prisma/schema.prisma'),
      foundBy: 'default',
      configPath: null,
    });
  });

  it('says what to do when there is no schema, or the config path cannot be read', () => {
    expect(() => locatePrismaSchema(project({}))).toThrow(UserError);
    const computed = project({
      'prisma.config.ts': 'export default { schema: process.env.SCHEMA }\n',
      'prisma/schema.prisma': sqliteSchema,
    });
    expect(() => locatePrismaSchema(computed)).toThrow(/`schema`.*not a plain string/);
  });
});
