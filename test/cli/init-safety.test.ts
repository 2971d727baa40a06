/**
 * What `init` refuses, what --dry-run and a second run do, and that a failed
 * run leaves the project byte-identical — on real copies of the bundled example.
 */
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { copyExample, copyFixture, removeProject, runCli, snapshotTree } from '../support/temp-project.js';

const EXAMPLE = 'examples/express-sqlite';
const projects: string[] = [];

function example(): Promise<string> {
  return copyExample(projects);
}

afterEach(() => {
  for (const dir of projects.splice(0)) removeProject(dir);
});

describe('init refuses and changes nothing', () => {
  const removeExpress = (dir: string) => {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    delete pkg.dependencies.express;
    writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
  };
  const usePrisma5 = (dir: string) => {
    rmSync(join(dir, 'node_modules'));
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    pkg.dependencies['@prisma/client'] = '^5.21.1';
    writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
  };
  it.each([
    ['on Prisma 5', usePrisma5, '@prisma/client 5.21.1; the code create-auth writes needs Prisma 6.2 or later'],
    ['without package.json', (dir: string) => rmSync(join(dir, 'package.json')), 'No package.json'],
    ['when the project is not TypeScript', (dir: string) => rmSync(join(dir, 'tsconfig.json')), 'not a TypeScript project'],
    ['without a supported framework', removeExpress, 'No supported web framework'],
  ])('%s', async (_case, breakProject, message) => {
    const dir = await example();
    breakProject(dir);
    const before = snapshotTree(dir);
    const result = await runCli(dir, ['init', '--yes']);
    expect(result.exitCode).toBe(1);
    expect(result.all).toContain(message);
    expect(snapshotTree(dir)).toEqual(before);
  });

  it('when the auth folder holds files create-auth did not write, unless --force', async () => {
    const dir = await example();
    const authDir = join(dir, 'src/auth');
    mkdirSync(authDir);
    writeFileSync(join(authDir, 'mine.ts'), 'export const mine = 1;\n');
    const before = snapshotTree(dir);
    const refused = await runCli(dir, ['init', '--yes', '--no-install']);
    expect(refused.exitCode).toBe(1);
    expect(refused.all).toContain('src/auth/mine.ts');
    expect(snapshotTree(dir)).toEqual(before);
    const forced = await runCli(dir, ['init', '--yes', '--no-install', '--force', '--no-migrate']);
    expect(forced.exitCode, forced.all).toBe(0);
    expect(readFileSync(join(authDir, 'mine.ts'), 'utf8')).toBe('export const mine = 1;\n');
  });

  it('for an unknown backend name', async () => {
    const dir = await example();
    const result = await runCli(dir, ['init', '--yes', '--backends', 'bearer-jwt,carrier-pigeon']);
    expect(result.exitCode).toBe(1);
    expect(result.all).toContain('Unknown backend "carrier-pigeon"');
  });
});

describe('init --dry-run', () => {
  it('prints a diff for every change and writes nothing', async () => {
    const dir = await example();
    const before = snapshotTree(dir);
    const result = await runCli(dir, ['init', '--yes', '--dry-run']);
    expect(result.exitCode, result.all).toBe(0);
    expect(result.all).toContain('update src/app.ts');
    expect(result.all).toContain('+app.use(authRouter);');
    expect(result.all).toContain('+  hashedPassword');
    expect(result.all).toMatch(/create\s+prisma\/migrations\/\d{14}_create_auth\/migration\.sql/);
    expect(result.all).toContain('Dry run: nothing was written.');
    expect(result.all).toMatch(/Then a real run would run: npm install, then prisma generate, then tsc --noEmit, then apply pending migrations to sqlite\./);
    expect(snapshotTree(dir)).toEqual(before);
  });

  it('refuses --silent, which would hide everything it prints', async () => {
    const dir = await example();
    const result = await runCli(dir, ['--silent', 'init', '--yes', '--dry-run']);
    expect(result.exitCode).toBe(1);
    expect(result.all).toContain('--silent hides what --dry-run prints');
  });
});

describe('init, run twice', () => {
  it('changes nothing the second time and says so', async () => {
    const dir = await example();
    const first = await runCli(dir, ['init', '--yes', '--no-install']);
    expect(first.exitCode, first.all).toBe(0);
    const after = snapshotTree(dir);
    const second = await runCli(dir, ['init', '--yes', '--no-install']);
    expect(second.exitCode, second.all).toBe(0);
    expect(second.all).toContain('Nothing to change');
    expect(snapshotTree(dir)).toEqual(after);
  });
});

describe('init rolls back', () => {
  it('when the migration cannot be applied', async () => {
    const dir = await example();
    writeFileSync(join(dir, '.env'), 'DATABASE_URL="file:./no/such/folder/dev.db"\n');
    const before = snapshotTree(dir);
    const result = await runCli(dir, ['init', '--yes', '--no-install']);
    expect(result.exitCode).toBe(1);
    expect(result.all).toContain('Every file create-auth changed has been put back as it was.');
    expect(snapshotTree(dir)).toEqual(before);
  });

  // The second: what npm prints offline when the project's postinstall runs `prisma generate`.
  const offlineGenerate =
    'npm error command sh -c prisma generate\nnpm error Error: request to https://binaries.prisma.sh/all_commits/x failed, reason: getaddrinfo ENOTFOUND binaries.prisma.sh';
  it.each([
    ['E404 no such package', null],
    [offlineGenerate, 'Rerun with --no-install and run npm install where it can'],
  ])('when the install fails: %s', async (output, hint) => {
    const dir = await copyFixture(EXAMPLE, { link: false });
    projects.push(dir);
    writeFileSync(join(dir, '.env'), 'DATABASE_URL="file:./dev.db"\n');
    // The injected failure: an `npm` first on PATH that answers --version and fails to install.
    const bin = join(dir, '.fake-bin');
    mkdirSync(bin);
    const npm = join(bin, 'npm');
    writeFileSync(npm, `#!/bin/sh\n[ "$1" = "--version" ] && echo 11.0.0 && exit 0\ncat >&2 <<'EOF'\n${output}\nEOF\nexit 1\n`);
    chmodSync(npm, 0o755);
    const before = snapshotTree(dir);
    const result = await runCli(dir, ['init', '--yes'], { PATH: `${bin}:${process.env.PATH}` });
    expect(result.exitCode).toBe(1);
    expect(result.all).toContain('npm install failed');
    expect(result.all).toContain(output.split('\n')[0]);
    if (hint) expect(result.all).toContain(hint);
    else expect(result.all).not.toContain('binaries.prisma.sh');
    expect(snapshotTree(dir)).toEqual(before);
  });

  it('when generated files were changed by the owner and --yes is given without --force', async () => {
    const dir = await example();
    expect((await runCli(dir, ['init', '--yes', '--no-install', '--backends', 'bearer-jwt'])).exitCode).toBe(0);
    // The owner edits schemas.ts and gives User a required field, which init then
    // wants in schemas.ts too: both sides changed it.
    const schemas = join(dir, 'src/auth/schemas.ts');
    writeFileSync(schemas, `${readFileSync(schemas, 'utf8')}\n// my change\n`);
    const schema = join(dir, 'prisma/schema.prisma');
    writeFileSync(schema, readFileSync(schema, 'utf8').replace('  name      String?', '  name      String?\n  nickname  String'));
    const before = snapshotTree(dir);
    const result = await runCli(dir, ['init', '--yes', '--no-install', '--backends', 'bearer-jwt']);
    expect(result.exitCode).toBe(1);
    expect(result.all).toMatch(/update\s+src\/auth\/schemas\.ts \(CONFLICT/);
    expect(result.all).toContain('Nothing was written.');
    expect(snapshotTree(dir)).toEqual(before);
  });
});
