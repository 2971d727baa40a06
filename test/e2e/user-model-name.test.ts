/**
 * A user model with another name (`Member`), chosen with --user-model: the auth
 * fields go into it, AccessToken points at it, the generated code queries it, and
 * the conformance suite passes for a database and a JWT backend.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { parseBackendList } from '../../src/options.js';
import { describeConformance } from '../conformance/describe-conformance.js';
import { linkFixtureDeps } from '../support/fixture-deps.js';
import { GeneratedProject } from '../support/generated-project.js';
import { runCli } from '../support/temp-project.js';

const BACKENDS = parseBackendList('cookie-database,bearer-jwt');

/** The fixture's `User` renamed to `Member`, its table still `users`. */
async function renameUserModel(dir: string): Promise<void> {
  const schemaPath = join(dir, 'prisma/schema.prisma');
  const schema = readFileSync(schemaPath, 'utf8')
    .replace('model User {', 'model Member {')
    .replace('owner   User    @relation', 'owner   Member  @relation');
  writeFileSync(schemaPath, schema);
  await linkFixtureDeps(dir);
}

describe('init --user-model Member on Fastify and PostgreSQL', () => {
  const project = new GeneratedProject();
  beforeAll(() =>
    project.setUpOnPostgres('test/fixtures/fastify-esm-postgres', {
      tables: { user: 'users' },
      prepare: renameUserModel,
      backends: BACKENDS,
      initArgs: ['--user-model', 'Member'],
    }),
  );
  afterAll(() => project.tearDown());

  it('adds the auth fields to Member and points AccessToken at it', () => {
    const schema = readFileSync(join(project.dir, 'prisma/schema.prisma'), 'utf8');
    expect(project.init.all).toContain('user model       Member, id String');
    expect(schema).not.toContain('model User');
    expect(schema).toMatch(/model Member \{[^}]*hashedPassword[^}]*accessTokens\s+AccessToken\[\]/);
    expect(schema).toMatch(/user\s+Member\s+@relation\(fields: \[userId\], references: \[id\], onDelete: Cascade\)/);
  });

  it('queries prisma.member, names the type User, and type-checks', () => {
    const db = readFileSync(join(project.dir, 'src/auth/db.ts'), 'utf8');
    const manager = readFileSync(join(project.dir, 'src/auth/user-manager.ts'), 'utf8');
    expect(db).toContain("export type { Member as User } from '../generated/prisma/client.js';");
    expect(manager).toContain('prisma.member.findUnique(');
    expect(manager).not.toContain('prisma.user.');
    expect(project.init.all).toContain('The project type-checks where create-auth touched it.');
  });

  it('records the model, and refuses another one on a rerun', async () => {
    const manifest = JSON.parse(readFileSync(join(project.dir, 'create-auth.json'), 'utf8'));
    expect(manifest.userModel).toBe('Member');
    const rerun = await runCli(project.dir, ['init', '--yes', '--no-install', '--user-model', 'Task']);
    expect(rerun.exitCode).toBe(1);
    expect(rerun.all).toContain('create-auth.json records Member');
  });

  describeConformance('fastify, PostgreSQL, user model Member', BACKENDS, () => project.target!);
});

describe('init --user-model with a name the schema lacks', () => {
  const project = new GeneratedProject();
  afterAll(() => project.tearDown());

  it('refuses, naming the models it has, and changes nothing', async () => {
    await expect(
      project.setUp('test/fixtures/fastify-esm-postgres', () => 'postgresql://127.0.0.1/none', {
        initArgs: ['--user-model', 'Acount'],
      }),
    ).rejects.toThrow(/The Prisma schema has no model Acount\. Its models: User, Task\./);
    expect(readFileSync(join(project.dir, 'prisma/schema.prisma'), 'utf8')).toBe(
      readFileSync('test/fixtures/fastify-esm-postgres/prisma/schema.prisma', 'utf8'),
    );
  });
});
