/**
 * A cookie of the project's own with the name the cookie transport uses: two
 * cookies of one name on one site overwrite each other, so a login through one
 * logs the other out. Found by reading the project's code, so it is a hint.
 */
import { join, posix } from 'node:path';

import { readOrNull } from '../util/read-or-null.js';

const DEFAULT_COOKIE_NAME = 'auth';

/**
 * The project files (outside the auth folder) that mention cookies and hold the
 * cookie transport's name as a string literal.
 */
export function filesWithCookieNamed(root: string, sourceFiles: string[], authDir: string): { name: string; files: string[] } {
  const name = transportCookieName(root, authDir);
  const literal = new RegExp(`(['"\`])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\1`);
  const files = sourceFiles.filter((file) => {
    if (file.startsWith(`${authDir}/`)) return false;
    const text = readOrNull(join(root, file)) ?? '';
    return /cookie/i.test(text) && literal.test(text);
  });
  return { name, files };
}

// The owner may have renamed it already in the generated transport.
function transportCookieName(root: string, authDir: string): string {
  const transport = readOrNull(join(root, posix.join(authDir, 'transports/cookie.ts')));
  return /\bname:\s*(['"`])([^'"`]+)\1/.exec(transport ?? '')?.[2] ?? DEFAULT_COOKIE_NAME;
}
