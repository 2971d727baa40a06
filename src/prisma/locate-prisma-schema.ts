/**
 * Finding a project's Prisma schema and migrations the way the Prisma CLI
 * does, without running any of the project's code.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

import { UserError } from '../util/user-error.js';
import { inspectPrismaSchema } from './inspect-prisma-schema.js';
import type { ConfiguredUrl, PrismaSchemaInfo } from './inspect-prisma-schema.js';
import type { SchemaFile } from './parse-prisma-schema.js';
import { readPrismaConfig } from './read-prisma-config.js';
import { readSchemaFiles } from './read-schema-files.js';

/** Where a project's schema and migrations are, and what the schema says. Paths are absolute. */
export interface PrismaSchemaLocation extends PrismaSchemaInfo {
  /** The schema as configured: one file, or a folder for a multi-file schema. */
  schemaPath: string;
  isFolder: boolean;
  /** Which setting named the schema. */
  foundBy: 'prisma.config' | 'package.json' | 'default';
  /** prisma.config.ts (or .js, .mts, ...) when the project has one. */
  configPath: string | null;
  /** Variables prisma.config.ts reads with env(), which throws when they are unset. */
  configEnvNames: string[];
  /** prisma.config.ts's `datasource.url`, when it has one create-auth can read. */
  configUrl: ConfiguredUrl | null;
  files: SchemaFile[];
  migrationsDir: string;
  /** Names of the migration folders already there, oldest first. */
  migrationNames: string[];
  /** migration_lock.toml's text, or null when it does not exist. */
  migrationLock: string | null;
}

/**
 * Locates the schema: `schema` in prisma.config.ts, else `prisma.schema` in
 * package.json (Prisma 5/6), else schema.prisma or prisma/schema.prisma, the
 * order the Prisma CLI uses. The migrations folder is the config's
 * `migrations.path`, else `migrations` beside the schema file (inside a
 * schema folder).
 */
export function locatePrismaSchema(projectDir: string): PrismaSchemaLocation {
  const root = resolve(projectDir);
  const config = readPrismaConfig(root);
  const found = findSchemaPath(root, config?.schema);
  const isFolder = statSync(found.path).isDirectory();
  const files = readSchemaFiles(found.path);
  if (files.length === 0) {
    throw new UserError(`No .prisma files in ${found.path}.`, 'Point `schema` at your schema.');
  }
  const schemaRoot = isFolder ? found.path : dirname(found.path);
  const migrationsDir = config?.migrationsPath ?? join(schemaRoot, 'migrations');
  return {
    schemaPath: found.path,
    isFolder,
    foundBy: found.foundBy,
    configPath: config?.path ?? null,
    configEnvNames: config?.envNames ?? [],
    configUrl: config?.datasourceUrl ?? null,
    files,
    migrationsDir,
    migrationNames: listMigrationNames(migrationsDir),
    migrationLock: readIfExists(join(migrationsDir, 'migration_lock.toml')),
    ...inspectPrismaSchema(files),
  };
}

function findSchemaPath(
  root: string,
  configured: string | undefined,
): { path: string; foundBy: PrismaSchemaLocation['foundBy'] } {
  if (configured)
    return { path: mustExist(configured, 'prisma.config.ts'), foundBy: 'prisma.config' };
  const fromPackage = packageJsonSchema(root);
  if (fromPackage) return { path: mustExist(fromPackage, 'package.json'), foundBy: 'package.json' };
  const candidates = [join(root, 'schema.prisma'), join(root, 'prisma', 'schema.prisma')];
  const path = candidates.find((candidate) => existsSync(candidate));
  if (path) return { path, foundBy: 'default' };
  throw new UserError(
    `No Prisma schema found in ${root}.`,
    'create-auth adds its models to your Prisma schema: run `npx prisma init` first, or set `schema` in prisma.config.ts.',
  );
}

function packageJsonSchema(root: string): string | undefined {
  const text = readIfExists(join(root, 'package.json'));
  if (!text) return undefined;
  try {
    const schema = (JSON.parse(text) as { prisma?: { schema?: unknown } }).prisma?.schema;
    return typeof schema === 'string' ? resolve(root, schema) : undefined;
  } catch {
    // A broken package.json is reported by the code that needs it; here it names no schema.
    return undefined;
  }
}

function mustExist(path: string, setBy: string): string {
  if (existsSync(path)) return path;
  throw new UserError(
    `${setBy} names the Prisma schema ${path}, which does not exist.`,
    `Fix the schema path in ${setBy}.`,
  );
}

/** Migration folders, named `<timestamp>_<name>`, oldest first (as Prisma sorts them). */
export function listMigrationNames(migrationsDir: string): string[] {
  if (!existsSync(migrationsDir)) return [];
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

function readIfExists(path: string): string | null {
  return existsSync(path) ? readFileSync(path, 'utf8') : null;
}
