/**
 * Where a project's Prisma reads its database URL from, without reading the
 * value: the schema's datasource, prisma.config.ts, or DATABASE_URL.
 */
import { dirname } from 'node:path';

import type { ConfiguredUrl } from './inspect-prisma-schema.js';
import type { PrismaSchemaLocation } from './locate-prisma-schema.js';

/** The URL as Prisma is told it, and the folder a relative SQLite path is relative to. */
export interface DatabaseUrlSource {
  /** The variable it is read from (`env("NAME")`), or the URL itself. */
  configured: ConfiguredUrl;
  baseDir: string;
}

/**
 * A Prisma 5/6 datasource `url` (a literal, or env("NAME")) with paths relative
 * to the schema file's folder; else prisma.config.ts's `datasource.url`, with
 * paths relative to the config's folder; else DATABASE_URL from the project root.
 */
export function databaseUrlSource(prisma: PrismaSchemaLocation, root: string): DatabaseUrlSource {
  const fromSchema = prisma.datasourceUrl;
  const baseDir = fromSchema
    ? dirname(prisma.datasourceFile)
    : prisma.configPath
      ? dirname(prisma.configPath)
      : root;
  const configured = fromSchema ?? prisma.configUrl ?? { env: defaultUrlName(prisma.configEnvNames) };
  return { configured, baseDir };
}

// A config that reads variables but no datasource.url create-auth can follow: its first one.
function defaultUrlName(configEnvNames: string[]): string {
  return configEnvNames.includes('DATABASE_URL') || configEnvNames.length === 0 ? 'DATABASE_URL' : configEnvNames[0]!;
}
