import { existsSync, readFileSync } from 'node:fs';

/** A file's text, or null when it does not exist. */
export function readOrNull(path: string): string | null {
  return existsSync(path) ? readFileSync(path, 'utf8') : null;
}
