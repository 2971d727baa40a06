/** Which package manager the project uses, read from its lockfile. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export type PackageManager = 'npm' | 'pnpm' | 'yarn' | 'bun';

const LOCKFILES: [string, PackageManager][] = [
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['bun.lock', 'bun'],
  ['bun.lockb', 'bun'],
  ['package-lock.json', 'npm'],
];

/** The manager and its lockfile; npm with no lockfile when none is found. */
export function detectPackageManager(projectDir: string): {
  manager: PackageManager;
  lockfile: string | null;
} {
  for (const [lockfile, manager] of LOCKFILES) {
    if (existsSync(join(projectDir, lockfile))) return { manager, lockfile };
  }
  return { manager: 'npm', lockfile: null };
}
