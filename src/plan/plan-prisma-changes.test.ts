import { rmSync } from 'node:fs';

import { afterEach, describe, expect, it } from 'vitest';

import { copyFixture, removeProject } from '../../test/support/temp-project.js';
import { parseBackendList } from '../options.js';
import { detectProject } from '../project/detect-project.js';
import type { AuthChoices } from './plan-auth-files.js';
import { planPrismaChanges } from './plan-prisma-changes.js';

const choices: AuthChoices = {
  framework: 'express',
  backends: parseBackendList('bearer-database'),
  database: 'sqlite',
  authDir: 'src/auth',
  userModel: 'User',
};
const dirs: string[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0)) removeProject(dir);
});

async function example(): Promise<string> {
  const dir = await copyFixture('examples/express-sqlite', { link: false });
  dirs.push(dir);
  return dir;
}

const migrationPaths = (changes: { path: string }[]) =>
  changes.map((change) => change.path).filter((path) => path.startsWith('prisma/migrations/'));

describe('planPrismaChanges', () => {
  it('plans create_auth after the existing migrations', async () => {
    const planned = await planPrismaChanges(detectProject(await example()), choices);

    expect(planned.migrationName).toMatch(/^\d{14}_create_auth$/);
    expect(planned.baselineMigrationName).toBeNull();
    expect(migrationPaths(planned.changes)).toEqual([
      `prisma/migrations/${planned.migrationName}/migration.sql`,
    ]);
  });

  it('plans a baseline of the schema first when there are no migrations, and says why', async () => {
    const dir = await example();
    rmSync(`${dir}/prisma/migrations`, { recursive: true });

    const planned = await planPrismaChanges(detectProject(dir), choices);

    const baseline = planned.baselineMigrationName!;
    expect(baseline).toMatch(/^\d{14}_init$/);
    expect(planned.migrationName).toMatch(/^\d{14}_create_auth$/);
    expect(baseline < planned.migrationName!).toBe(true);
    expect(migrationPaths(planned.changes)).toEqual([
      `prisma/migrations/${baseline}/migration.sql`,
      `prisma/migrations/${planned.migrationName}/migration.sql`,
      'prisma/migrations/migration_lock.toml',
    ]);
    const init = planned.changes.find((change) => change.path.includes(baseline))!;
    expect(init.after).toContain('CREATE TABLE "User"');
    expect(init.after).not.toContain('hashedPassword');
    const warning = new RegExp(`prisma/migrations has no migrations yet.*${baseline}.*--no-migrate`);
    expect(planned.warnings).toContainEqual(expect.stringMatching(warning));
  });
});
