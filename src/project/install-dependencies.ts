/** Installs what package.json now declares, with the project's own package manager. */
import { execa } from 'execa';

import { UserError } from '../util/user-error.js';
import type { PackageManager } from './detect-package-manager.js';

/** The install command for a manager, as the owner would type it. */
export function installCommand(manager: PackageManager): string[] {
  return [manager, 'install'];
}

/** Whether the manager's command is on PATH. */
export async function isInstalled(manager: PackageManager): Promise<boolean> {
  const result = await execa(manager, ['--version'], { reject: false });
  return result.exitCode === 0;
}

/** Runs the install; throws with the manager's own output when it fails. */
export async function installDependencies(
  projectDir: string,
  manager: PackageManager,
  signal?: AbortSignal,
): Promise<void> {
  const [command, ...args] = installCommand(manager);
  const result = await execa(command!, args, {
    cwd: projectDir,
    reject: false,
    all: true,
    ...(signal ? { cancelSignal: signal } : {}),
  });
  if (result.exitCode !== 0) {
    const message = `${command} install failed:\n${result.all ?? ''}`.trimEnd();
    // Offline, a `prisma generate` in the project's postinstall fails fetching Prisma's engines.
    if (/binaries\.prisma\.sh/.test(result.all ?? '')) {
      throw new UserError(
        message,
        'A Prisma engine download failed during the install (this machine cannot reach binaries.prisma.sh). ' +
          `Rerun with --no-install and run ${command} install where it can; or, when a postinstall script runs ` +
          '`prisma generate`, set PRISMA_SCHEMA_ENGINE_BINARY to an existing file (such as the path of node), ' +
          'which generate does not run, so the CLI skips that download.',
      );
    }
    throw new Error(message);
  }
}
