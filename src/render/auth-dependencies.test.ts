import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { BACKEND_KINDS, FRAMEWORKS } from '../options.js';
import { AUTH_PACKAGES, authDependencies } from './auth-dependencies.js';
import { sampleRenderContext } from '../../test/support/render-context.js';
import { renderAuthFiles, type RenderContext } from './render-auth.js';

function contextWith(backends: string, prisma: Partial<RenderContext['prisma']> = {}): RenderContext {
  return sampleRenderContext(backends, { prisma });
}

// Packages the generated code imports that the project itself provides (its framework).
const PROJECT_PACKAGES = /^(express|fastify|hono)(\/|$)/;

function importedPackages(context: RenderContext): Set<string> {
  const specifiers = renderAuthFiles(context).flatMap((file) =>
    [...file.content.matchAll(/from '([^'.][^']*)'/g)].map((match) => match[1]!),
  );
  return new Set(specifiers.filter((s) => !s.startsWith('node:') && !PROJECT_PACKAGES.test(s)));
}

describe('authDependencies', () => {
  it('pins the versions the fixture projects install, so the type-check matrix tests them', () => {
    const manifest = JSON.parse(
      readFileSync(new URL('../../test/fixtures/deps/package.json', import.meta.url), 'utf8'),
    ) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    for (const entry of AUTH_PACKAGES) {
      const installed = entry.dev ? manifest.devDependencies : manifest.dependencies;
      expect(`${entry.name}@${installed[entry.name]}`).toBe(`${entry.name}@${entry.version}`);
    }
  });

  it('names exactly the packages the rendered code imports', () => {
    const cases = [
      ...BACKEND_KINDS.map((kind) => contextWith(kind.name)),
      contextWith(BACKEND_KINDS.map((kind) => kind.name).join(',')),
      contextWith('bearer-jwt', { instanceSpecifier: null, provider: 'sqlite' }),
      contextWith('bearer-jwt', { instanceSpecifier: null, provider: 'postgresql' }),
      contextWith('bearer-jwt', { instanceSpecifier: null, provider: 'mysql' }),
      ...FRAMEWORKS.map((framework) => ({ ...contextWith('cookie-redis'), framework })),
    ];
    for (const context of cases) {
      const { dependencies, devDependencies } = authDependencies(context);
      const label = context.backends.map((b) => b.name).join(',');
      expect(Object.keys(dependencies).sort(), label).toEqual([...importedPackages(context)].sort());
      for (const name of Object.keys(devDependencies)) {
        expect(dependencies, label).toHaveProperty(name.replace(/^@types\//, ''));
      }
    }
  });

  it('adds the type packages of jsonwebtoken and cookie-parser as devDependencies', () => {
    expect(authDependencies(contextWith('bearer-jwt')).devDependencies).toEqual({
      '@types/cookie-parser': '1.4.10',
      '@types/jsonwebtoken': '9.0.10',
    });
    expect(authDependencies(contextWith('cookie-redis')).devDependencies).toEqual({
      '@types/cookie-parser': '1.4.10',
    });
  });

  it("pins a driver adapter to the project's Prisma version when given", () => {
    const context = contextWith('bearer-jwt', { instanceSpecifier: null, provider: 'postgresql' });
    expect(authDependencies(context).dependencies['@prisma/adapter-pg']).toBe('7.10.0');
    const pinned = authDependencies(context, { prismaClientVersion: '7.9.1' });
    expect(pinned.dependencies['@prisma/adapter-pg']).toBe('7.9.1');
  });

  it('adds no driver adapter for a client on Prisma 6’s native engine', () => {
    const context = contextWith('bearer-jwt', { instanceSpecifier: null, usesDriverAdapter: false });
    expect(Object.keys(authDependencies(context).dependencies).filter((name) => name.startsWith('@prisma/'))).toEqual([]);
  });
});
