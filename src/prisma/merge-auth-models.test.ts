import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { REPO_ROOT } from '../../test/support/fixture-deps.js';
import { computeMigration } from './compute-migration.js';
import { mergeAuthModels } from './merge-auth-models.js';
import type { MergeAuthModelsOptions } from './merge-auth-models.js';

const example = readFileSync(
  join(REPO_ROOT, 'examples/express-sqlite/prisma/schema.prisma'),
  'utf8',
);
const both: MergeAuthModelsOptions = { withAccessToken: true };

const datasourceOnly = `generator client {
  provider = "prisma-client"
  output   = "../src/generated/prisma"
}

datasource db {
  provider = "postgresql"
}
`;

/** True when `lines` appear in `inside` in the same order (other lines may sit between them). */
function keepsInOrder(lines: string[], inside: string[]): boolean {
  let at = 0;
  for (const line of inside) if (line === lines[at]) at++;
  return at === lines.length;
}

/** Merging must keep every original line, in order, and only add lines. */
function expectOnlyAdditions(before: string, after: string): void {
  const nl = before.includes('\r\n') ? '\r\n' : '\n';
  expect(keepsInOrder(before.split(nl), after.split(nl))).toBe(true);
}

describe('mergeAuthModels', () => {
  it('creates User and AccessToken when the schema has no User', () => {
    const merged = mergeAuthModels(datasourceOnly, both);

    expect(merged.text).toBe(`${datasourceOnly}
model User {
  id             Int           @id @default(autoincrement())
  email          String        @unique
  hashedPassword String
  isActive       Boolean       @default(true)
  isSuperuser    Boolean       @default(false)
  isVerified     Boolean       @default(false)
  accessTokens   AccessToken[]
}

model AccessToken {
  tokenHash String   @unique
  userId    Int
  user      User     @relation(fields: [userId], references: [id], onDelete: Cascade)
  createdAt DateTime @default(now())
  expiresAt DateTime

  @@index([userId])
}
`);
    // A new table has no rows, and no code creates users yet: the password has no default.
    expect(merged.text).not.toContain('@default("")');
    expect(merged.userIdType).toBe('Int');
    expect(merged.changes).toEqual([
      'add model User (id, email, hashedPassword, isActive, isSuperuser, isVerified, accessTokens)',
      'add model AccessToken',
    ]);
    expect(merged.warnings).toEqual([]);
    expect(merged.conflicts).toEqual([]);
  });

  it('adds the missing fields to an existing User with an Int id (the bundled example)', () => {
    const merged = mergeAuthModels(example, both);

    expectOnlyAdditions(example, merged.text);
    expect(merged.text).toContain(`  posts     Post[]
  /// "" means no password is set yet: this user cannot log in until one is set.
  hashedPassword String        @default("")
  isActive       Boolean       @default(true)
  isSuperuser    Boolean       @default(false)
  isVerified     Boolean       @default(false)
  accessTokens   AccessToken[]
}`);
    expect(merged.text).toContain('  userId    Int\n');
    expect(merged.userIdType).toBe('Int');
    expect(merged.changes).toEqual([
      'User: add hashedPassword String @default("")',
      'User: add isActive Boolean @default(true)',
      'User: add isSuperuser Boolean @default(false)',
      'User: add isVerified Boolean @default(false)',
      'User: add accessTokens AccessToken[]',
      'add model AccessToken',
    ]);
    // Every added User column has a default, so existing rows and the owner's own
    // user.create calls keep working; what remains to say is that those users have no password.
    expect(merged.warnings).toEqual([
      expect.stringMatching(/^User\.hashedPassword is added with @default\(""\).*cannot log in/),
    ]);
    expect(merged.warnings.join('\n')).not.toContain('already has rows');
    expect(merged.conflicts).toEqual([]);
  });

  it('still warns about a required column without a default (an existing User without email)', () => {
    const schema = `${datasourceOnly}
model User {
  id   Int    @id @default(autoincrement())
  name String
}
`;
    const merged = mergeAuthModels(schema, { withAccessToken: false });

    expect(merged.text).toContain('  email          String  @unique\n');
    expect(merged.text).toContain('  hashedPassword String  @default("")\n');
    expect(merged.warnings).toEqual([
      expect.stringContaining('required fields without a default (email)'),
      expect.stringContaining('User.hashedPassword is added with @default("")'),
    ]);
  });

  it('keeps a String uuid id and gives AccessToken.userId the same type', () => {
    const schema = `${datasourceOnly}
model User {
  id    String @id @default(uuid())
  email String @unique
}
`;
    const merged = mergeAuthModels(schema, both);

    expect(merged.userIdType).toBe('String');
    expect(merged.text).toContain('  id    String @id @default(uuid())\n');
    expect(merged.text).toContain('  userId    String\n');
  });

  it('keeps comments, blank lines, odd spacing and CRLF line endings', () => {
    const schema = [
      'datasource db {',
      '  provider = "sqlite" // local file',
      '}',
      '',
      '/// The people who use the app.',
      'model   User {',
      '\tid Int     @id   @default(autoincrement()) // keep me',
      '',
      '  // contact',
      '  email    String @unique',
      '  roles    String @default("reader")',
      '',
      '  @@map("users")',
      '}',
      '// trailing comment',
      '',
    ].join('\r\n');
    const merged = mergeAuthModels(schema, { withAccessToken: false });

    expectOnlyAdditions(schema, merged.text);
    expect(merged.text).toContain(
      '  roles    String @default("reader")\r\n  /// "" means no password is set yet: this user cannot log in until one is set.\r\n  hashedPassword String  @default("")\r\n  isActive       Boolean @default(true)\r\n',
    );
    expect(merged.text).not.toMatch(/[^\r]\n/);
    expect(merged.text.endsWith('// trailing comment\r\n')).toBe(true);
  });

  it('returns an already merged schema byte for byte', () => {
    const minimalUser = `${datasourceOnly}\nmodel User {\n  id Int @id @default(autoincrement())\n}\n`;
    for (const schema of [datasourceOnly, example, minimalUser]) {
      const once = mergeAuthModels(schema, both);
      const twice = mergeAuthModels(once.text, both);
      expect(twice.text).toBe(once.text);
      expect(twice.changed).toBe(false);
      expect(twice.changes).toEqual([]);
      expect(twice.warnings).toEqual([]);
    }
  });

  it('never removes AccessToken when merged again without it', () => {
    const once = mergeAuthModels(example, both);
    expect(mergeAuthModels(once.text, { withAccessToken: false }).text).toBe(once.text);
  });

  it('reports an email that is not @unique instead of changing it', () => {
    const schema = `${datasourceOnly}
model User {
  id    Int    @id @default(autoincrement())
  email String
}
`;
    const merged = mergeAuthModels(schema, { withAccessToken: false });

    expect(merged.text).toContain('  email String\n');
    expect(merged.conflicts).toEqual(['User.email has no @unique; create-auth needs it.']);
  });

  it('reports other fields that do not fit, and defaults that differ', () => {
    const schema = `${datasourceOnly}
model User {
  id             BigInt  @id @default(autoincrement())
  email          String? @unique
  hashedPassword String
  isActive       Boolean @default(false)
}
`;
    const merged = mergeAuthModels(schema, { withAccessToken: false });

    expect(merged.conflicts).toEqual([
      'User.id is BigInt; create-auth supports Int and String ids.',
      'User.email is optional (String?); create-auth needs it required.',
    ]);
    expect(merged.warnings).toEqual([expect.stringContaining('User.isActive defaults to false')]);
  });

  it('edits the file that holds User in a multi-file schema', () => {
    const files = [
      { path: '/p/prisma/schema/schema.prisma', content: datasourceOnly },
      {
        path: '/p/prisma/schema/user.prisma',
        content: 'model User {\n  id Int @id @default(autoincrement())\n}\n',
      },
    ];
    const merged = mergeAuthModels(files, both);

    expect(merged.files[0]).toEqual(files[0]);
    expect(merged.userFile).toBe('/p/prisma/schema/user.prisma');
    expect(merged.files[1]!.content).toContain('model AccessToken {');
    expect(merged.files[1]!.content).toContain('  email          String        @unique\n');
  });

  it('produces schemas the Prisma engine accepts', async () => {
    for (const schema of [datasourceOnly, example]) {
      const merged = mergeAuthModels(schema, both);
      const provider = schema === example ? 'sqlite' : 'postgresql';
      const sql = await computeMigration({ provider, before: null, after: merged.text });
      expect(sql).toContain('CREATE TABLE "AccessToken"');
    }
  });
});
