import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it, vi } from 'vitest';

import { linkFixtureDeps, REPO_ROOT } from '../../test/support/fixture-deps.js';
import { UserError } from '../util/user-error.js';
import { generatePrismaClient } from './generate-prisma-client.js';
import { mergeAuthModels } from './merge-auth-models.js';

const dirs: string[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The bundled example with the shared packages linked in, and no .env. */
async function exampleProject(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'create-auth-generate-'));
  dirs.push(dir);
  cpSync(join(REPO_ROOT, 'examples/express-sqlite'), dir, { recursive: true });
  await linkFixtureDeps(dir);
  return dir;
}

describe('generatePrismaClient', () => {
  it('generates the client from the merged schema, with DATABASE_URL unset', async () => {
    const dir = await exampleProject();
    const schemaPath = join(dir, 'prisma/schema.prisma');
    const merged = mergeAuthModels(readFileSync(schemaPath, 'utf8'), { withAccessToken: true });
    writeFileSync(schemaPath, merged.text);
    const saved = process.env.DATABASE_URL;
    delete process.env.DATABASE_URL;

    try {
      const result = await generatePrismaClient(dir, schemaPath);

      expect(result.notes).toEqual([expect.stringMatching(/DATABASE_URL is not set.*placeholder/)]);
    } finally {
      if (saved !== undefined) process.env.DATABASE_URL = saved;
    }
    const userModel = readFileSync(join(dir, 'src/generated/prisma/models/User.ts'), 'utf8');
    expect(userModel).toContain('hashedPassword');
    expect(existsSync(join(dir, 'src/generated/prisma/models/AccessToken.ts'))).toBe(true);
  });

  it('leaves a PRISMA_SCHEMA_ENGINE_BINARY the owner set to the CLI', async () => {
    const dir = await exampleProject();
    writeFileSync(join(dir, '.env'), 'DATABASE_URL="file:./dev.db"\n');
    vi.stubEnv('PRISMA_SCHEMA_ENGINE_BINARY', join(dir, 'no-such-engine'));

    try {
      const error = await generatePrismaClient(dir, join(dir, 'prisma/schema.prisma')).catch(
        (e: unknown) => e,
      );

      // The CLI checks the path it is given, so the owner's setting reached it.
      expect((error as UserError).message).toContain('no-such-engine');
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('uses the project .env instead of a placeholder', async () => {
    const dir = await exampleProject();
    writeFileSync(join(dir, '.env'), 'DATABASE_URL="file:./dev.db"\n');

    const result = await generatePrismaClient(dir, join(dir, 'prisma/schema.prisma'));

    expect(result.notes).toEqual([]);
  });

  it('reports a schema error with the CLI output', async () => {
    const dir = await exampleProject();
    const schemaPath = join(dir, 'prisma/schema.prisma');
    writeFileSync(
      schemaPath,
      `${readFileSync(schemaPath, 'utf8')}\nmodel Broken {\n  id Nope @id\n}\n`,
    );

    const error = await generatePrismaClient(dir, schemaPath).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toMatch(/prisma generate` failed:[\s\S]*Nope/);
  });
});
