/**
 * The database URL as the project's Prisma reads it, and whether the generated
 * db.ts would open the same SQLite file as Prisma does.
 */
import { isAbsolute, join, relative, sep } from 'node:path';

import { parse } from 'dotenv';

import { usesDriverAdapter } from '../../plan/plan-auth-files.js';
import { sqliteFilePath } from '../../prisma/database-adapter-factory.js';
import { databaseUrlSource } from '../../prisma/database-url-source.js';
import type { ProjectInfo } from '../../project/detect-project.js';
import { readOrNull } from '../../util/read-or-null.js';
import { UserError } from '../../util/user-error.js';

/** The database URL the project's Prisma uses, and the folder a relative SQLite path is relative to. */
export interface DatabaseUrl {
  url: string;
  baseDir: string;
}

/**
 * The database URL as the project's Prisma reads it (see databaseUrlSource).
 * Variables come from the environment, then .env.
 */
export function readDatabaseUrl(project: ProjectInfo): DatabaseUrl {
  const { configured, baseDir } = databaseUrlSource(project.prisma, project.root);
  if ('literal' in configured) return { url: configured.literal, baseDir };
  const url = readVariable(project, configured.env);
  if (!url) {
    throw new UserError(
      `${configured.env} is not set (neither in the environment nor in .env), so the migration cannot be applied.`,
      `Set ${configured.env} in .env, or pass --no-migrate and apply the migration later with: npx prisma migrate deploy`,
    );
  }
  return { url, baseDir };
}

// The environment wins over .env, as with Prisma and dotenv.
function readVariable(project: ProjectInfo, name: string): string | undefined {
  return process.env[name] ?? parse(readOrNull(join(project.root, '.env')) ?? '')[name];
}

/**
 * When the generated db.ts opens SQLite through the libSQL adapter, which reads a
 * relative path from the folder the server starts in (taken to be the project
 * root), while Prisma reads it from the schema's or config's folder: a warning
 * when the two are different files, or when the variable the adapter reads is
 * unset beside a URL written into the schema. Else null.
 */
export function sqlitePathWarning(project: ProjectInfo): string | null {
  if (project.prisma.provider !== 'sqlite' || project.prismaInstance || !usesDriverAdapter(project)) return null;
  const { configured, baseDir } = databaseUrlSource(project.prisma, project.root);
  const name = 'env' in configured ? configured.env : 'DATABASE_URL';
  const adapterUrl = readVariable(project, name);
  const prismaUrl = 'literal' in configured ? configured.literal : adapterUrl;
  if (prismaUrl === undefined) return null;
  const prismaFile = sqliteFilePath(prismaUrl, baseDir);
  if (prismaFile === ':memory:') return null;
  // A value both read as that file: relative to the root when only the adapter reads
  // the variable, else absolute (the two resolve a relative path from different folders).
  const fix = `${name}="file:${'literal' in configured ? `./${shown(project.root, prismaFile)}` : prismaFile}"`;
  if (adapterUrl === undefined) {
    return (
      `${name} is not set, and the generated db.ts reads it to open the database (the libSQL adapter ` +
      `does not read the url in your schema). Add to .env: ${fix}`
    );
  }
  const adapterFile = sqliteFilePath(adapterUrl, project.root);
  if (adapterFile === prismaFile) return null;
  return (
    `The generated db.ts and Prisma would use two different SQLite files. The db.ts opens ` +
    `${shown(project.root, adapterFile)} (${name}="${adapterUrl}": the libSQL adapter reads a relative path from ` +
    `the folder the server starts in, taken to be the project root); Prisma, which applies the migrations, ` +
    `uses ${shown(project.root, prismaFile)}. Set in .env: ${fix}`
  );
}

// A path inside the project as the owner sees it (prisma/dev.db), else as it is.
function shown(root: string, file: string): string {
  const path = relative(root, file);
  return path.startsWith('..') || isAbsolute(path) ? file : path.split(sep).join('/');
}
