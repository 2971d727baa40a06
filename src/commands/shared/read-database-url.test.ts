import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { useTempTrees } from '../../../test/support/temp-tree.js';
import { locatePrismaSchema } from '../../prisma/locate-prisma-schema.js';
import type { ProjectInfo } from '../../project/detect-project.js';
import { readDatabaseUrl, sqlitePathWarning } from './read-database-url.js';

const tree = useTempTrees('url');
const shellUrl = process.env.DATABASE_URL;
// The shell's DATABASE_URL would win over every .env here.
beforeEach(() => {
  delete process.env.DATABASE_URL;
});
afterEach(() => {
  if (shellUrl !== undefined) process.env.DATABASE_URL = shellUrl;
});

/** A project folder with these files, as far as readDatabaseUrl looks at it. */
function projectWith(files: Record<string, string>): ProjectInfo {
  const root = tree(files);
  return { root, prisma: locatePrismaSchema(root) } as ProjectInfo;
}

const datasource = (lines: string) => `datasource db {\n  provider = "sqlite"\n${lines}}\n`;

describe('readDatabaseUrl', () => {
  it('takes a literal url in the schema, relative to the schema’s folder (Prisma 5/6)', () => {
    const project = projectWith({ 'prisma/schema.prisma': datasource('  url = "file:./dev.db"\n') });
    expect(readDatabaseUrl(project)).toEqual({ url: 'file:./dev.db', baseDir: join(project.root, 'prisma') });
  });

  it('reads the variable the schema’s env() names, from .env', () => {
    const project = projectWith({
      'prisma/schema.prisma': datasource('  url = env("APP_DB")\n'),
      '.env': 'APP_DB="file:./app.db"\nDATABASE_URL="file:./other.db"\n',
    });
    expect(readDatabaseUrl(project)).toEqual({ url: 'file:./app.db', baseDir: join(project.root, 'prisma') });
  });

  it('takes prisma.config.ts’s datasource.url, relative to the config’s folder (Prisma 7)', () => {
    const literal = projectWith({
      'prisma/schema.prisma': datasource(''),
      'prisma.config.ts': "export default defineConfig({ schema: 'prisma/schema.prisma', datasource: { url: 'file:./dev.db' } });\n",
    });
    expect(readDatabaseUrl(literal)).toEqual({ url: 'file:./dev.db', baseDir: literal.root });
    const fromEnv = projectWith({
      'prisma/schema.prisma': datasource(''),
      'prisma.config.ts': "export default defineConfig({ datasource: { url: process.env.SQLITE_URL! } });\n",
      '.env': 'SQLITE_URL=file:/data/app.db\n',
    });
    expect(readDatabaseUrl(fromEnv)).toEqual({ url: 'file:/data/app.db', baseDir: fromEnv.root });
  });

  it('falls back to DATABASE_URL, and says what to set when it is missing', () => {
    const project = projectWith({ 'prisma/schema.prisma': datasource('') });
    expect(() => readDatabaseUrl(project)).toThrow('DATABASE_URL is not set (neither in the environment nor in .env)');
    writeFileSync(join(project.root, '.env'), 'DATABASE_URL=file:./x.db\n');
    expect(readDatabaseUrl(project)).toEqual({ url: 'file:./x.db', baseDir: project.root });
  });
});

describe('sqlitePathWarning', () => {
  const CLIENT = 'generator client {\n  provider = "prisma-client"\n  output = "../src/generated/prisma"\n}\n';
  /** A Prisma 7 client that the generated db.ts creates through the libSQL adapter. */
  function adapterProject(files: Record<string, string>): ProjectInfo {
    return { ...projectWith(files), prismaInstance: null, prismaClientVersion: '7.0.0' } as ProjectInfo;
  }

  it('names both files and a value both read the same, when Prisma reads the variable from the schema’s folder', () => {
    const project = adapterProject({
      'prisma/schema.prisma': CLIENT + datasource('  url = env("DATABASE_URL")\n'),
      '.env': 'DATABASE_URL="file:./dev.db"\n',
    });
    const warning = sqlitePathWarning(project);
    expect(warning).toContain('The db.ts opens dev.db (DATABASE_URL="file:./dev.db"');
    expect(warning).toContain('uses prisma/dev.db.');
    expect(warning).toContain(`Set in .env: DATABASE_URL="file:${join(project.root, 'prisma/dev.db')}"`);
  });

  it('suggests a root-relative value when the schema writes its url out, and says when it is unset', () => {
    const files = { 'prisma/schema.prisma': CLIENT + datasource('  url = "file:./dev.db"\n') };
    expect(sqlitePathWarning(adapterProject(files))).toBe(
      'DATABASE_URL is not set, and the generated db.ts reads it to open the database (the libSQL adapter ' +
        'does not read the url in your schema). Add to .env: DATABASE_URL="file:./prisma/dev.db"',
    );
    const wrong = adapterProject({ ...files, '.env': 'DATABASE_URL=file:./dev.db\n' });
    expect(sqlitePathWarning(wrong)).toContain('Set in .env: DATABASE_URL="file:./prisma/dev.db"');
    const right = adapterProject({ ...files, '.env': 'DATABASE_URL=file:./prisma/dev.db\n' });
    expect(sqlitePathWarning(right)).toBeNull();
  });

  it('is null where both read a relative path from one folder, or Prisma’s own engine opens the file', () => {
    const config = adapterProject({
      'prisma/schema.prisma': CLIENT + datasource(''),
      'prisma.config.ts': "export default defineConfig({ datasource: { url: env('DATABASE_URL') } });\n",
      '.env': 'DATABASE_URL="file:./dev.db"\n',
    });
    expect(sqlitePathWarning(config)).toBeNull();
    const native = {
      ...projectWith({
        'prisma/schema.prisma': 'generator client {\n  provider = "prisma-client-js"\n}\n' + datasource('  url = env("DATABASE_URL")\n'),
        '.env': 'DATABASE_URL="file:./dev.db"\n',
      }),
      prismaInstance: null,
      prismaClientVersion: '6.19.0',
    } as ProjectInfo;
    expect(sqlitePathWarning(native)).toBeNull();
  });
});
