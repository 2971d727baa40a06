/**
 * The project's own TypeScript sources, found without loading them into a
 * compiler: detection reads text and only the files it edits get parsed.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const IGNORED_DIRS = new Set(['node_modules', 'dist', 'build', 'out', 'coverage', '.git', 'generated']);

/** Project-relative posix paths of .ts/.mts/.cts files (not .d.ts), `src/` first. */
export function listSourceFiles(projectDir: string): string[] {
  const hasSrc = existsSync(join(projectDir, 'src'));
  const found = new Set<string>();
  if (hasSrc) walk(projectDir, join(projectDir, 'src'), found, false);
  walk(projectDir, projectDir, found, hasSrc);
  return [...found];
}

function walk(projectDir: string, dir: string, found: Set<string>, shallow: boolean): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (shallow || IGNORED_DIRS.has(entry.name) || entry.name.startsWith('.')) continue;
      walk(projectDir, path, found, false);
    } else if (/\.[cm]?ts$/.test(entry.name) && !/\.d\.[cm]?ts$/.test(entry.name)) {
      found.add(relative(projectDir, path).split(sep).join('/'));
    }
  }
}
