/**
 * A Prisma 6 project (`prisma-client-js`, the url in the datasource block, no
 * prisma.config.ts) with a cuid User and its client exported from src/lib: init
 * keeps Prisma 6 as it is, and the conformance suite passes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { parseBackendList } from '../../src/options.js';
import { describeConformance } from '../conformance/describe-conformance.js';
import { linkFixtureDepsWith } from '../support/fixture-deps.js';
import { GeneratedProject } from '../support/generated-project.js';

const BACKENDS = parseBackendList('bearer-jwt,cookie-database');
const FIXTURE = 'test/fixtures/express-prisma6-postgres';

describe('init on an Express project with Prisma 6, PostgreSQL, a cuid User', () => {
  const project = new GeneratedProject();
  beforeAll(() =>
    project.setUpOnPostgres(FIXTURE, {
      prepare: (dir) => linkFixtureDepsWith(dir, 'deps-prisma6'),
      backends: BACKENDS,
    }),
  );
  afterAll(() => project.tearDown());

  it('finds the classic client and the project’s instance, and type-checks', () => {
    expect(project.init.all).toContain('prisma client    prisma-client-js');
    expect(project.init.all).toContain('prisma instance  prisma in src/lib/prisma.ts');
    expect(project.init.all).toContain('User, id String');
    expect(project.init.all).toContain('The project type-checks where create-auth touched it.');
    // Its User asks for nothing beyond email and password, so the route is listed bare.
    expect(project.init.all).toMatch(/^ {4}POST {2}\/auth\/register$/m);
  });

  it('keeps Prisma 6: no upgrade, the client from @prisma/client, the url left in the schema', () => {
    const pkg = JSON.parse(readFileSync(join(project.dir, 'package.json'), 'utf8'));
    const fixturePkg = JSON.parse(readFileSync(join(FIXTURE, 'package.json'), 'utf8'));
    for (const name of ['@prisma/client', '@prisma/adapter-pg']) expect(pkg.dependencies[name]).toBe(fixturePkg.dependencies[name]);
    expect(pkg.devDependencies.prisma).toBe(fixturePkg.devDependencies.prisma);
    const db = readFileSync(join(project.dir, 'src/auth/db.ts'), 'utf8');
    expect(db).toContain("export { prisma } from '../lib/prisma';");
    expect(db).toContain("export type { User } from '@prisma/client';");
    expect(readFileSync(join(project.dir, 'prisma/schema.prisma'), 'utf8')).toContain('url      = env("DATABASE_URL")');
  });

  describeConformance('express, Prisma 6, PostgreSQL', BACKENDS, () => project.target!);
});
