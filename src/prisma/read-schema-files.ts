/** Reading a Prisma schema from disk: one file, or a folder of *.prisma files. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import type { SchemaFile } from './parse-prisma-schema.js';

/**
 * The schema files at `schemaPath`: the file itself, or every *.prisma file
 * under the folder (as Prisma's multi-file schemas do), sorted by path so the
 * order is stable between runs.
 */
export function readSchemaFiles(schemaPath: string): SchemaFile[] {
  if (!statSync(schemaPath).isDirectory()) {
    return [{ path: schemaPath, content: readFileSync(schemaPath, 'utf8') }];
  }
  return listPrismaFiles(schemaPath)
    .sort()
    .map((path) => ({ path, content: readFileSync(path, 'utf8') }));
}

function listPrismaFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    // Migrations hold SQL only, and node_modules is never the owner's schema.
    if (entry.isDirectory()) {
      return entry.name === 'node_modules' || entry.name === 'migrations'
        ? []
        : listPrismaFiles(path);
    }
    return entry.isFile() && entry.name.endsWith('.prisma') ? [path] : [];
  });
}
