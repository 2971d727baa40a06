/**
 * One installed copy of every package the fixture projects and the generated auth
 * code use. Installing is slow on these machines, so it happens once per package
 * list (keyed by a hash of test/fixtures/deps/package.json) and each temporary
 * project gets a link to the shared node_modules.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { execa } from 'execa';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const depsManifest = join(repoRoot, 'test/fixtures/deps/package.json');

/** The folder holding the shared install for the current package list. */
export async function fixtureDepsDir(): Promise<string> {
  const manifest = await readFile(depsManifest, 'utf8');
  const key = createHash('sha256').update(manifest).digest('hex').slice(0, 12);
  return join(repoRoot, '.cache/fixture-deps', key);
}

/** Installs the shared packages unless this package list is installed already. */
export async function installFixtureDeps(): Promise<string> {
  const dir = await fixtureDepsDir();
  if (existsSync(join(dir, '.installed'))) return dir;
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await cp(depsManifest, join(dir, 'package.json'));
  await execa('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir });
  await writeFile(join(dir, '.installed'), new Date().toISOString());
  return dir;
}

/** Links the shared node_modules into a project folder. */
export async function linkFixtureDeps(projectDir: string): Promise<void> {
  const dir = await fixtureDepsDir();
  await symlink(join(dir, 'node_modules'), join(projectDir, 'node_modules'), 'dir');
}

/** The repository's root folder. */
export const REPO_ROOT = repoRoot;
