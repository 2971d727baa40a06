/** `init` writes only into an auth folder that is empty or holds create-auth's own files. */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import type { Manifest } from '../../plan/manifest.js';
import { projectPath } from '../../util/paths.js';
import { UserError } from '../../util/user-error.js';

/** Refuses (unless forced) when the auth folder holds files create-auth did not write. */
export function assertAuthDirIsOurs(
  root: string,
  authDir: string,
  manifest: Manifest | null,
  force: boolean,
): void {
  const dir = join(root, authDir);
  if (force || !existsSync(dir)) return;
  const foreign = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => projectPath(root, join(entry.parentPath, entry.name)))
    .filter((path) => !manifest?.files[path]);
  if (foreign.length === 0) return;
  const list = foreign.slice(0, 10).map((path) => `  ${path}`).join('\n');
  throw new UserError(
    `${authDir} already holds files create-auth did not write:\n${list}`,
    'Choose another folder with --auth-dir, move those files, or pass --force to write beside them.',
  );
}
