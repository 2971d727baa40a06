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

// A Fastify app written as a plugin that `fastify start` runs (fastify-cli's layout):
// the default export is a FastifyPluginAsync, or a function taking a FastifyInstance.
const FASTIFY_PLUGIN_APP = /FastifyPlugin(Async|Callback)\b|\(\s*\w+\s*:\s*FastifyInstance\b/;
const DEFAULT_EXPORT = /\bexport\s+default\b|\bmodule\.exports\s*=/;

/**
 * The project-relative path of the file creating the framework's app, or null.
 * For Fastify, without a file calling Fastify(), the plugin that is the app.
 */
export function detectAppFile(projectDir: string, sourceFiles: string[], framework: Framework): string | null {
  const texts = new Map(sourceFiles.map((path) => [path, readFileSync(join(projectDir, path), 'utf8')]));
  const creating = sourceFiles.filter((path) => APP_CREATION[framework].pattern.test(texts.get(path)!));
  const candidates =
    creating.length > 0 || framework !== 'fastify'
      ? creating
      : sourceFiles.filter((path) => FASTIFY_PLUGIN_APP.test(texts.get(path)!) && DEFAULT_EXPORT.test(texts.get(path)!));
  const rank = (path: string) => {
    const index = PREFERRED_NAMES.indexOf(basename(path));
    return (index === -1 ? PREFERRED_NAMES.length : index) + path.split('/').length * 10;
  };
  return candidates.sort((a, b) => rank(a) - rank(b))[0] ?? null;
}
