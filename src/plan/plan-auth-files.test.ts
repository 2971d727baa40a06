import { describe, expect, it } from 'vitest';

import { type DatabaseProvider, parseBackendList } from '../options.js';
import { locatePrismaSchema } from '../prisma/locate-prisma-schema.js';
import type { ProjectInfo } from '../project/detect-project.js';
import { renderAuthFiles } from '../render/render-auth.js';
import { useTempTrees } from '../../test/support/temp-tree.js';
import { type AuthChoices, authRenderContext } from './plan-auth-files.js';

const tree = useTempTrees('db-url');

const CLIENT_JS = 'generator client {\n  provider = "prisma-client-js"\n}\n';
const USER = 'model User {\n  id Int @id @default(autoincrement())\n  email String @unique\n}\n';

/** The db.ts init renders for a project with no PrismaClient of its own and this datasource url. */
function dbFor(provider: DatabaseProvider, url: string, prismaVersion: string): string {
  const root = tree({
    'prisma/schema.prisma': `${CLIENT_JS}\ndatasource db {\n  provider = "${provider}"\n  url      = ${url}\n}\n\n${USER}`,
  });
  const project = {
    root,
    prisma: locatePrismaSchema(root),
    prismaInstance: null,
    prismaClientVersion: prismaVersion,
    importExtension: '',
    importAlias: null,
  } as unknown as ProjectInfo;
  const choices: AuthChoices = {
    framework: 'express',
    backends: parseBackendList('bearer-jwt'),
    database: provider,
    authDir: 'src/auth',
    userModel: 'User',
  };
  const files = renderAuthFiles(authRenderContext(project, choices, 'Int'));
  return files.find((file) => file.path === 'db.ts')!.content;
}

describe('the db.ts a Prisma 6 client on the native engine gets', () => {
  it('checks DATABASE_URL when the schema reads env("DATABASE_URL")', () => {
    const db = dbFor('postgresql', 'env("DATABASE_URL")', '6.19.0');
    expect(db).toContain('export const prisma = new PrismaClient();');
    expect(db).toContain("if (!process.env.DATABASE_URL) {\n  throw new Error('DATABASE_URL is not set:");
  });

  it('checks the variable the schema names, and no other', () => {
    const db = dbFor('postgresql', 'env("APP_DATABASE")', '6.19.0');
    expect(db).toContain("if (!process.env.APP_DATABASE) {\n  throw new Error('APP_DATABASE is not set:");
    expect(db).not.toContain('DATABASE_URL');
  });

  it('checks nothing when the schema writes the url out, which Prisma reads itself', () => {
    const db = dbFor('sqlite', '"file:./dev.db"', '6.19.0');
    expect(db).toContain('export const prisma = new PrismaClient();');
    expect(db).not.toContain('process.env');
    expect(db).not.toContain('is not set');
  });
});

describe('the db.ts a client through a driver adapter gets', () => {
  it('reads the url from the variable the schema names', () => {
    const db = dbFor('postgresql', 'env("APP_DATABASE")', '7.0.0');
    expect(db).toContain('const databaseUrl = process.env.APP_DATABASE;');
    expect(db).toContain("throw new Error('APP_DATABASE is not set:");
    expect(db).toContain('new PrismaPg({ connectionString: databaseUrl })');
  });

  it('reads DATABASE_URL when the schema writes the url out (the adapter cannot read the schema)', () => {
    const db = dbFor('sqlite', '"file:./dev.db"', '7.0.0');
    expect(db).toContain('const databaseUrl = process.env.DATABASE_URL;');
  });
});
