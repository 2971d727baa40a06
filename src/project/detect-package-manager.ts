/** Which package manager the project uses, read from its lockfile. */
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

export type PackageManager = 'npm' | 'pnpm' | 'yarn' | 'bun';

const LOCKFILES: [string, PackageManager][] = [
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['bun.lock', 'bun'],
  ['bun.lockb', 'bun'],
  ['package-lock.json', 'npm'],
];

/**
 * The manager and its lockfile (project-relative: `../../pnpm-lock.yaml` in a
 * workspace package); npm with no lockfile when none is found. The nearest folder
 * with a lockfile wins, so a workspace package uses its workspace's manager.
 */
export function detectPackageManager(projectDir: string): {
  manager: PackageManager;
  lockfile: string | null;
} {
  for (let dir = projectDir; ; dir = dirname(dir)) {
    for (const [lockfile, manager] of LOCKFILES) {
      const path = join(dir, lockfile);
      if (existsSync(path)) return { manager, lockfile: relative(projectDir, path) };
    }
    if (dirname(dir) === dir) return { manager: 'npm', lockfile: null };
  }
}
