/**
 * Regenerating the owner's Prisma Client after the schema changed, with the
 * owner's own Prisma CLI, so the client matches their Prisma version.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { parse as parseDotenv } from 'dotenv';

import type { DatabaseProvider } from '../options.js';
import { UserError } from '../util/user-error.js';
import { inspectPrismaSchema } from './inspect-prisma-schema.js';
import { findPrismaCli, runPrismaCli } from './prisma-cli.js';
import type { PrismaCliRun } from './prisma-cli.js';
import { readPrismaConfig } from './read-prisma-config.js';
import { readSchemaFiles } from './read-schema-files.js';

/** How generation went. */
export interface GeneratePrismaClientResult {
  /** The CLI's output of the run that succeeded. */
  output: string;
  /** Workarounds create-auth applied, one sentence each, for the owner to read. */
  notes: string[];
}

const PLACEHOLDER_URLS: Record<DatabaseProvider, string> = {
  sqlite: 'file:./create-auth-placeholder.db',
  postgresql: 'postgresql://placeholder:placeholder@localhost:5432/placeholder',
  mysql: 'mysql://placeholder:placeholder@localhost:3306/placeholder',
};

/**
 * Runs `prisma generate --schema <schemaPath>` in the project.
 *
 * - prisma.config.ts often calls `env('DATABASE_URL')`, which throws when the
 *   variable is unset even though generate never connects. The run gets the
 *   project's .env values, and a placeholder for any env() variable that is
 *   still unset.
 * - The Prisma CLI downloads its schema engine before almost every command,
 *   generate included, although generate does not use it. The run sets
 *   PRISMA_SCHEMA_ENGINE_BINARY to an existing executable (Node's own), which
 *   skips that download: offline it would fail after seconds of trying, and
 *   online it is not needed yet (the owner's own `prisma migrate` fetches it).
 *   An engine the owner has set is left alone.
 */
export async function generatePrismaClient(
  projectDir: string,
  schemaPath: string,
  signal?: AbortSignal,
): Promise<GeneratePrismaClientResult> {
  const cli = findPrismaCli(projectDir);
  const { env, notes } = generateEnv(projectDir, schemaPath);
  env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;
  const run = await runPrismaCli(cli, ['generate', '--schema', schemaPath], { cwd: projectDir, env, signal });
  if (run.exitCode !== 0) throw generateError(run);
  return { output: run.output, notes };
}

/** The project's .env values plus placeholders for prisma.config.ts env() variables that are unset. */
function generateEnv(
  projectDir: string,
  schemaPath: string,
): { env: Record<string, string>; notes: string[] } {
  const dotenvPath = join(projectDir, '.env');
  const fromFile = existsSync(dotenvPath) ? parseDotenv(readFileSync(dotenvPath, 'utf8')) : {};
  // Variables already set in the environment win, as dotenv itself does.
  const env: Record<string, string> = { ...fromFile, ...definedOnly(process.env) };
  const notes: string[] = [];
  const unset = (readPrismaConfig(projectDir)?.envNames ?? []).filter((name) => !env[name]);
  if (unset.length === 0) return { env, notes };
  const provider = inspectPrismaSchema(readSchemaFiles(schemaPath)).provider;
  for (const name of unset) env[name] = PLACEHOLDER_URLS[provider];
  notes.push(
    `${unset.join(', ')} ${unset.length === 1 ? 'is' : 'are'} not set; \`prisma generate\` ran with a placeholder (it does not connect to the database).`,
  );
  return { env, notes };
}

function definedOnly(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

function generateError(run: PrismaCliRun): UserError {
  return new UserError(
    `\`prisma generate\` failed:\n${run.output.trim()}`,
    'Fix the problem above (check that `npx prisma generate` works in your project), then run create-auth again.',
  );
}
