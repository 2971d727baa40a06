/** Finds the file that creates the app: the one calling `express()`, `Fastify()` or `new Hono()`. */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

import type { Framework } from '../options.js';

/** How a file that creates each framework's app reads, and how the report names it. */
export const APP_CREATION: Record<Framework, { pattern: RegExp; text: string }> = {
  express: { pattern: /\bexpress\s*\(\s*\)/, text: 'express()' },
  fastify: { pattern: /\b[Ff]astify\s*\(/, text: 'Fastify()' },
  hono: { pattern: /\bnew\s+Hono\s*[(<]/, text: 'new Hono()' },
};

const PREFERRED_NAMES = ['app.ts', 'server.ts', 'index.ts', 'main.ts'];

/** The project-relative path of the file creating the framework's app, or null. */
export function detectAppFile(projectDir: string, sourceFiles: string[], framework: Framework): string | null {
  const { pattern } = APP_CREATION[framework];
  const candidates = sourceFiles.filter((path) => pattern.test(readFileSync(join(projectDir, path), 'utf8')));
  const rank = (path: string) => {
    const index = PREFERRED_NAMES.indexOf(basename(path));
    return (index === -1 ? PREFERRED_NAMES.length : index) + path.split('/').length * 10;
  };
  return candidates.sort((a, b) => rank(a) - rank(b))[0] ?? null;
}
