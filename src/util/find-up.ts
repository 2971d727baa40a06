/**
 * Finds a path in a folder or the nearest folder above it, as Node resolves
 * packages: in a workspace (npm, pnpm, yarn, bun) a package's node_modules and
 * lockfile often live in the workspace root, not beside its package.json.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The first `<dir>/<relativePath>` that exists, from `startDir` up to the root, or null. */
export function findUp(startDir: string, relativePath: string): string | null {
  for (let dir = startDir; ; dir = dirname(dir)) {
    const candidate = join(dir, relativePath);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return null;
  }
}
