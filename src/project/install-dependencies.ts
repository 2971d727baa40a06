/** Installs what package.json now declares, with the project's own package manager. */
import { execa } from 'execa';

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
    throw new Error(`${command} install failed:\n${result.all ?? ''}`.trimEnd());
  }
}
