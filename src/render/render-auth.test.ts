import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { Node, Project, SyntaxKind } from 'ts-morph';
import { describe, expect, it } from 'vitest';

import { BACKEND_KINDS, FRAMEWORKS, parseBackendList, type BackendChoice } from '../options.js';
import { sampleRenderContext } from '../../test/support/render-context.js';
import { authFilePaths, renderAuthFiles, type RenderContext } from './render-auth.js';
import { TEMPLATES_DIR } from './render-template.js';

function contextWith(overrides: Partial<RenderContext> = {}): RenderContext {
  return sampleRenderContext(undefined, overrides);
}

function withPrisma(prisma: Partial<RenderContext['prisma']>): RenderContext {
  const base = contextWith();
  return { ...base, prisma: { ...base.prisma, ...prisma } };
}

function fileOf(context: RenderContext, path: string): string {
  const file = renderAuthFiles(context).find((f) => f.path === path);
  if (!file) throw new Error(`${path} was not rendered`);
  return file.content;
}

function importSpecifiers(content: string): string[] {
  return [...content.matchAll(/from '([^']+)'/g)].map((match) => match[1]!);
}

const ALL_BACKENDS = [...BACKEND_KINDS];
const SINGLES = BACKEND_KINDS.map((kind) => [kind]);

describe('renderAuthFiles', () => {
  it('reads templates from templates/ at the package root', () => {
    expect(existsSync(join(TEMPLATES_DIR, 'auth/express.ts.hbs'))).toBe(true);
  });

  it('renders only the transports and strategies the backends use', () => {
    const paths = authFilePaths({ backends: parseBackendList('bearer-jwt'), framework: 'express' });
    expect(paths).toContain('transports/bearer.ts');
    expect(paths).toContain('strategies/jwt.ts');
    expect(paths.filter((p) => /^(transports|strategies)\//.test(p))).toHaveLength(2);
    expect(paths).toContain('express.ts');
  });

  it('adds the shared opaque-token module with the database or redis strategy', () => {
    const withRedis = authFilePaths({ backends: parseBackendList('cookie-redis'), framework: 'express' });
    expect(withRedis).toEqual(expect.arrayContaining(['strategies/redis.ts', 'strategies/opaque-token.ts']));
    const jwtOnly = authFilePaths({ backends: parseBackendList('cookie-jwt'), framework: 'express' });
    expect(jwtOnly).not.toContain('strategies/opaque-token.ts');
  });

  it('returns what authFilePaths lists, in that order', () => {
    const context = contextWith({ backends: ALL_BACKENDS });
    expect(renderAuthFiles(context).map((f) => f.path)).toEqual(authFilePaths(context));
  });

  it.each(['.js', '.ts', ''] as const)('ends every relative import with "%s"', (importExtension) => {
    for (const backends of [...SINGLES, ALL_BACKENDS]) {
      for (const file of renderAuthFiles(contextWith({ backends, importExtension }))) {
        const relative = importSpecifiers(file.content).filter((s) => s.startsWith('.'));
        for (const specifier of relative) {
          expect(`${file.path}: ${specifier}`).toMatch(
            importExtension ? new RegExp(`\\${importExtension}$`) : /[^.][a-z-]+$/,
          );
        }
      }
    }
  });

  it('leaves no template syntax, no TODO, and gives every file a header comment', () => {
    for (const framework of FRAMEWORKS) {
      for (const file of renderAuthFiles(contextWith({ backends: ALL_BACKENDS, framework }))) {
        expect(file.content, file.path).not.toMatch(/\{\{|TODO/);
        expect(file.content.startsWith('/**\n'), file.path).toBe(true);
        expect(file.content, file.path).toMatch(/You may/);
      }
    }
  });

  it('lets only the framework file import its framework, and only db.ts import Prisma modules', () => {
    const frameworkPackages = /^(express|cookie-parser|fastify|@fastify\/.*|hono(\/.*)?)$/;
    for (const framework of FRAMEWORKS) {
      for (const file of renderAuthFiles(contextWith({ backends: ALL_BACKENDS, framework }))) {
        const packages = importSpecifiers(file.content);
        const frameworkLike = packages.some((s) => frameworkPackages.test(s));
        expect(frameworkLike, file.path).toBe(file.path === `${framework}.ts`);
        const prismaLike = packages.some((s) => s.includes('prisma'));
        expect(prismaLike, file.path).toBe(file.path === 'db.ts');
      }
    }
  });
});

describe('backends.ts', () => {
  function backendEntries(backends: BackendChoice[]) {
    const project = new Project({ useInMemoryFileSystem: true });
    const source = project.createSourceFile('backends.ts', fileOf(contextWith({ backends }), 'backends.ts'));
    const declaration = source.getVariableDeclarationOrThrow('backends');
    const list = declaration.getInitializerIfKindOrThrow(SyntaxKind.ArrayLiteralExpression);
    const imported = source.getImportDeclarations().flatMap((i) => i.getNamedImports().map((n) => n.getName()));
    return { exported: declaration.getVariableStatementOrThrow().isExported(), list, imported };
  }

  it('is an exported array literal with one object literal per backend, in order', () => {
    const backends = parseBackendList('cookie-redis,bearer-jwt,bearer-redis');
    const { exported, list, imported } = backendEntries(backends);
    expect(exported).toBe(true);
    const entries = list.getElements().map((element) => {
      if (!Node.isObjectLiteralExpression(element)) throw new Error('not an object literal');
      const text = (name: string) =>
        element.getPropertyOrThrow(name).asKindOrThrow(SyntaxKind.PropertyAssignment).getInitializerOrThrow().getText();
      return { name: text('name'), transport: text('transport'), strategy: text('strategy') };
    });
    expect(entries).toEqual([
      { name: "'cookie-redis'", transport: 'cookieTransport', strategy: 'redisStrategy' },
      { name: "'bearer-jwt'", transport: 'bearerTransport', strategy: 'jwtStrategy' },
      { name: "'bearer-redis'", transport: 'bearerTransport', strategy: 'redisStrategy' },
    ]);
    for (const entry of entries) expect(imported).toEqual(expect.arrayContaining([entry.transport, entry.strategy]));
  });

  it('keeps a renamed backend name', () => {
    const backends = [{ name: 'api', transport: 'bearer', strategy: 'jwt' } as const];
    expect(fileOf(contextWith({ backends }), 'backends.ts')).toContain(
      "{ name: 'api', transport: bearerTransport, strategy: jwtStrategy },",
    );
  });
});

describe('db.ts', () => {
  it("re-exports the project's instance as prisma", () => {
    expect(fileOf(contextWith(), 'db.ts')).toContain("export { prisma } from '../db.js';");
    expect(fileOf(withPrisma({ instanceExport: 'db' }), 'db.ts')).toContain(
      "export { db as prisma } from '../db.js';",
    );
  });

  it('creates a client with the driver adapter of the provider when the project has none', () => {
    const sqlite = fileOf(withPrisma({ instanceSpecifier: null }), 'db.ts');
    expect(sqlite).toContain("import { PrismaLibSql } from '@prisma/adapter-libsql';");
    expect(sqlite).toContain('new PrismaLibSql({ url: databaseUrl })');
    const pg = fileOf(withPrisma({ instanceSpecifier: null, provider: 'postgresql' }), 'db.ts');
    expect(pg).toContain('new PrismaPg({ connectionString: databaseUrl })');
    const mysql = fileOf(withPrisma({ instanceSpecifier: null, provider: 'mysql' }), 'db.ts');
    expect(mysql).toContain("import { PrismaMariaDb } from '@prisma/adapter-mariadb';");
    expect(mysql).not.toContain("from '../db.js'");
  });

  it('imports a package client specifier without an extension', () => {
    const content = fileOf(withPrisma({ clientSpecifier: '@prisma/client' }), 'db.ts');
    expect(content).toContain("export type { User } from '@prisma/client';");
  });

  it('creates a client on Prisma 6 the way its generator runs', () => {
    const native = fileOf(withPrisma({ instanceSpecifier: null, usesDriverAdapter: false }), 'db.ts');
    expect(native).toContain('export const prisma = new PrismaClient();');
    expect(native).not.toContain('@prisma/adapter-');
    const libsql6 = fileOf(withPrisma({ instanceSpecifier: null, provider: 'sqlite', majorVersion: 6 }), 'db.ts');
    expect(libsql6).toContain("import { PrismaLibSQL } from '@prisma/adapter-libsql';");
  });

  it('checks or reads the variable Prisma reads the url from, and checks none for a url written out', () => {
    const native = (urlVariable: string | null) =>
      fileOf(withPrisma({ instanceSpecifier: null, usesDriverAdapter: false, urlVariable }), 'db.ts');
    expect(native('APP_DB')).toContain("if (!process.env.APP_DB) {\n  throw new Error('APP_DB is not set:");
    expect(native(null)).not.toContain('process.env');
    const adapter = fileOf(withPrisma({ instanceSpecifier: null, urlVariable: 'APP_DB' }), 'db.ts');
    expect(adapter).toContain('const databaseUrl = process.env.APP_DB;');
    expect(() => fileOf(withPrisma({ urlVariable: 'A-B' }), 'db.ts')).toThrow('prisma.urlVariable "A-B" is not a variable name');
  });

  it('parses user ids as the User model types them', () => {
    expect(fileOf(contextWith({ userIdType: 'Int' }), 'db.ts')).toContain(
      'parseUserId(value: string): number | null',
    );
    expect(fileOf(contextWith({ userIdType: 'String' }), 'db.ts')).toContain(
      'parseUserId(value: string): string | null',
    );
  });

  it('queries a user model of another name through its own client property', () => {
    const context = contextWith({ userModel: 'TeamMember' });
    expect(fileOf(context, 'db.ts')).toContain('export type { TeamMember as User } from');
    const manager = fileOf(context, 'user-manager.ts');
    expect(manager).toContain('prisma.teamMember.findUnique(');
    expect(manager).not.toContain('prisma.user.');
  });

  it('refuses a user model name that is not an identifier', () => {
    expect(() => renderAuthFiles(contextWith({ userModel: 'user-table' }))).toThrow(/userModel/);
  });
});

describe('settings', () => {
  it('keeps config.ts the same whatever the backends, so adding one never rewrites it', () => {
    const configs = BACKEND_KINDS.map((kind) => fileOf(contextWith({ backends: parseBackendList(kind.name) }), 'config.ts'));
    expect(new Set(configs).size).toBe(1);
    expect(configs[0]).not.toMatch(/AUTH_JWT_SECRET|REDIS_URL|sameSite/);
  });

  it('puts each strategy’s and transport’s settings in its own file', () => {
    const files = renderAuthFiles(contextWith({ backends: ALL_BACKENDS }));
    const text = (path: string) => files.find((file) => file.path === path)?.content ?? '';
    expect(text('strategies/jwt.ts')).toContain("'AUTH_JWT_SECRET'");
    expect(text('strategies/redis.ts')).toContain("'REDIS_URL'");
    expect(text('strategies/opaque-token.ts')).toContain('lifetimeSeconds: 7 * 24 * 60 * 60');
    expect(text('transports/cookie.ts')).toContain("sameSite: 'lax'");
  });
});

describe('validation', () => {
  it.each([
    ['no backends', contextWith({ backends: [] }), /backends is empty/],
    ['a repeated name', contextWith({ backends: parseBackendList('bearer-jwt').concat(parseBackendList('bearer-jwt')) }), /twice/],
    ['a name unfit for a path', contextWith({ backends: [{ name: 'a/b', transport: 'bearer', strategy: 'jwt' }] }), /name "a\/b"/],
    ['an unknown strategy', contextWith({ backends: [{ name: 'x', transport: 'bearer', strategy: 'ldap' as 'jwt' }] }), /unknown/],
    ['a bad extension', contextWith({ importExtension: '.mjs' as '.js' }), /importExtension/],
    ['a bad export name', withPrisma({ instanceExport: 'my-db' }), /not an identifier/],
    ['a quote in a specifier', withPrisma({ instanceSpecifier: "../db'" }), /specifier/],
  ])('refuses %s', (_, context, message) => {
    expect(() => renderAuthFiles(context)).toThrow(message);
  });
});
