/**
 * Installed copies of the packages the fixture projects and the generated auth code
 * use. Installing is slow on these machines, so each package set happens once per
 * package list (keyed by a hash of test/fixtures/<set>/package.json) and each
 * temporary project gets a link to the shared node_modules.
 *
 * `deps` holds everything; `deps-express4` holds Express 4 and its types, linked
 * over Express 5 in projects that test Express 4; `deps-prisma6` holds Prisma 6,
 * linked over Prisma 7 likewise.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cp, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { execa } from 'execa';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The package sets under test/fixtures/. */
export type DepsSet = 'deps' | 'deps-express4' | 'deps-prisma6';

/** The folder holding the shared install for the current package list of a set. */
export async function fixtureDepsDir(set: DepsSet = 'deps'): Promise<string> {
  const manifest = await readFile(join(repoRoot, 'test/fixtures', set, 'package.json'), 'utf8');
  const key = createHash('sha256').update(manifest).digest('hex').slice(0, 12);
  return join(repoRoot, '.cache/fixture-deps', key);
}

/** Installs a package set unless this package list is installed already. */
export async function installFixtureDeps(set: DepsSet = 'deps'): Promise<string> {
  const dir = await fixtureDepsDir(set);
  if (existsSync(join(dir, '.installed'))) return dir;
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await cp(join(repoRoot, 'test/fixtures', set, 'package.json'), join(dir, 'package.json'));
  await execa('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir });
  await writeFile(join(dir, '.installed'), new Date().toISOString());
  return dir;
}

/** Links the shared node_modules into a project folder. */
export async function linkFixtureDeps(projectDir: string): Promise<void> {
  const dir = await fixtureDepsDir();
  await symlink(join(dir, 'node_modules'), join(projectDir, 'node_modules'), 'dir');
}

/**
 * Gives a project a node_modules of links: the shared packages, with those of
 * `over` in place of the shared ones of the same name (Express 4 over Express 5).
 */
export async function linkFixtureDepsWith(projectDir: string, over: DepsSet): Promise<void> {
  const base = join(await fixtureDepsDir(), 'node_modules');
  const top = join(await fixtureDepsDir(over), 'node_modules');
  const target = join(projectDir, 'node_modules');
  await mkdir(join(target, '.bin'), { recursive: true });
  const overridden = new Set(packageNames(join(repoRoot, 'test/fixtures', over, 'package.json')));
  for (const name of packageNames(join(base, '..', 'package.json'))) {
    if (overridden.has(name)) continue;
    await mkdir(dirname(join(target, name)), { recursive: true });
    await symlink(join(base, name), join(target, name), 'dir');
  }
  for (const name of overridden) {
    await mkdir(dirname(join(target, name)), { recursive: true });
    await symlink(join(top, name), join(target, name), 'dir');
  }
  // The set's own commands (its `prisma`, say) win over the shared ones of the same name.
  const ownBins = existsSync(join(top, '.bin')) ? readdirSync(join(top, '.bin')) : [];
  for (const bin of ownBins) await symlink(join(top, '.bin', bin), join(target, '.bin', bin));
  for (const bin of readdirSync(join(base, '.bin'))) {
    if (!ownBins.includes(bin)) await symlink(join(base, '.bin', bin), join(target, '.bin', bin));
  }
}

function packageNames(manifestPath: string): string[] {
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, Record<string, string> | undefined>;
  return [...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.devDependencies ?? {})];
}

/** The repository's root folder. */
export const REPO_ROOT = repoRoot;
