/**
 * An existing User model with required fields that have no default: registration
 * must ask for them (422 when missing) instead of failing in the database. The
 * model also has credential columns of its own (a required `password`, an optional
 * `resetToken`): never asked for, never sent back, the password column filled.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { parseBackendList } from '../../src/options.js';
import { linkFixtureDeps } from '../support/fixture-deps.js';
import { GeneratedProject } from '../support/generated-project.js';

const PASSWORD = 'correct horse battery';

/** The fixture's User with two required fields (String, enum) and credential columns of its own. */
async function addUserFields(dir: string): Promise<void> {
  const schemaPath = join(dir, 'prisma/schema.prisma');
  const schema = readFileSync(schemaPath, 'utf8')
    .replace(
      'displayName String?  @map("display_name")',
      'displayName String   @map("display_name")\n  role        Role\n  password    String\n  resetToken  String?',
    )
    .concat('\nenum Role {\n  MEMBER\n  ADMIN\n}\n');
  writeFileSync(schemaPath, schema);
  await linkFixtureDeps(dir);
}

describe('init on a User model with required fields (String, enum)', () => {
  const project = new GeneratedProject();
  beforeAll(() =>
    project.setUpOnPostgres('test/fixtures/fastify-esm-postgres', {
      prepare: addUserFields,
      backends: parseBackendList('bearer-jwt'),
    }),
  );
  afterAll(() => project.tearDown());

  async function register(body: Record<string, unknown>) {
    const response = await fetch(`${project.server!.baseUrl}/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  }

  it('puts the required fields in userFields and type-checks', () => {
    const schemas = readFileSync(join(project.dir, 'src/auth/schemas.ts'), 'utf8');
    expect(schemas).toContain("  displayName: text,\n  role: z.enum(['MEMBER', 'ADMIN']),\n");
    expect(project.init.all).toContain('The project type-checks where create-auth touched it.');
  });

  it('says in the next steps which fields registration requires beside email and password', () => {
    expect(project.init.all).toMatch(/^ {4}POST {2}\/auth\/register {3}\(also requires: displayName, role\)$/m);
  });

  it('answers 422 naming each missing required field', async () => {
    const result = await register({ email: 'ada@example.com', password: PASSWORD });
    expect(result.status).toBe(422);
    const missing = (result.json.detail as { loc: string[]; type: string }[]).map((issue) => [issue.loc, issue.type]);
    expect(missing).toEqual([
      [['body', 'displayName'], 'missing'],
      [['body', 'role'], 'missing'],
    ]);
  });

  it('answers 422 for a value the enum does not have', async () => {
    const result = await register({ email: 'bob@example.com', password: PASSWORD, displayName: 'Bob', role: 'OWNER' });
    expect(result.status).toBe(422);
  });

  it('registers with them, and returns them', async () => {
    const result = await register({ email: 'cy@example.com', password: PASSWORD, displayName: 'Cy', role: 'ADMIN' });
    expect(result.status).toBe(201);
    expect(result.json).toMatchObject({ email: 'cy@example.com', displayName: 'Cy', role: 'ADMIN' });
  });

  it('never asks for, returns or takes the model’s own credential columns, and fills its password column', async () => {
    const schemas = readFileSync(join(project.dir, 'src/auth/schemas.ts'), 'utf8');
    const userFields = /export const userFields = \{[^}]*\}/.exec(schemas)?.[0];
    expect(userFields).toBe("export const userFields = {\n  displayName: text,\n  role: z.enum(['MEMBER', 'ADMIN']),\n}");
    expect(project.init.all).toContain('User.password looks like your own password column');
    expect(project.init.all).toContain('omit: { user: { hashedPassword: true, password: true } }');
    const result = await register({ email: 'di@example.com', password: PASSWORD, displayName: 'Di', role: 'MEMBER', resetToken: 'x' });
    expect(result.status).toBe(201);
    expect(result.json).not.toHaveProperty('password');
    expect(result.json).not.toHaveProperty('resetToken');
    expect(result.json).not.toHaveProperty('hashedPassword');
    const [row] = await project.database!.query(`SELECT "password", "hashedPassword", "resetToken" FROM users WHERE email = 'di@example.com'`);
    expect(row?.password).toMatch(/^\$argon2id\$/);
    expect(row?.password).toBe(row?.hashedPassword);
    expect(row?.resetToken).toBeNull();
  });
});
