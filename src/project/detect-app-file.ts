/** Finds the file that creates the Express app: the one calling `express()`. */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

const CREATES_APP = /\bexpress\s*\(\s*\)/;
const PREFERRED_NAMES = ['app.ts', 'server.ts', 'index.ts', 'main.ts'];

/** The project-relative path of the file creating the app, or null. */
export function detectAppFile(projectDir: string, sourceFiles: string[]): string | null {
  const candidates = sourceFiles.filter((path) =>
    CREATES_APP.test(readFileSync(join(projectDir, path), 'utf8')),
  );
  const rank = (path: string) => {
    const index = PREFERRED_NAMES.indexOf(basename(path));
    return (index === -1 ? PREFERRED_NAMES.length : index) + path.split('/').length * 10;
  };
  return candidates.sort((a, b) => rank(a) - rank(b))[0] ?? null;
}
