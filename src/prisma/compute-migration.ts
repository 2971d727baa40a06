/**
 * Computing the SQL that takes a database from one schema to another, with
 * Prisma's own schema engine, the way `prisma migrate diff --from-schema
 * before --to-schema after --script` does. Nothing is written and, on SQLite
 * and PostgreSQL, no database is needed.
 *
 * Diffing the schema text before and after the merge (rather than the
 * migrations folder against the new schema) keeps the migration to exactly
 * create-auth's change, even when the owner has unmigrated edits of their own.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

import type { DatabaseProvider } from '../options.js';
import { UserError } from '../util/user-error.js';
import { offlineAdapterFactory } from './database-adapter-factory.js';
import type { SchemaFile } from './parse-prisma-schema.js';
import { findPrismaCli, isEngineDownloadFailure, runPrismaCli } from './prisma-cli.js';
import { stripDatasourceUrls } from './strip-datasource-urls.js';
import { withSchemaEngine } from './with-schema-engine.js';

/** A schema as text (one file) or as files (a multi-file schema). */
export type SchemaInput = string | readonly SchemaFile[];

/** What to diff. */
export interface ComputeMigrationInput {
  provider: DatabaseProvider;
  /** The schema the database has now; null for an empty database. */
  before: SchemaInput | null;
  after: SchemaInput;
  /** MySQL only: the project whose Prisma CLI computes the diff (see below). */
  projectDir?: string;
}

const EMPTY_MIGRATION = '-- This is an empty migration.';

/**
 * The migration SQL from `before` to `after`, or '' when they need none.
 * SQLite and PostgreSQL go through the bundled engine with an offline
 * adapter. The engine's WebAssembly build refuses MySQL adapters, so MySQL
 * goes through the project's own `prisma migrate diff`, which needs Prisma's
 * native engine (downloaded by the CLI on first use).
 */
export async function computeMigration(input: ComputeMigrationInput): Promise<string> {
  const before = input.before === null ? null : engineFiles(input.before);
  const after = engineFiles(input.after);
  const script =
    input.provider === 'mysql'
      ? await diffWithCli(input.projectDir, before, after)
      : await diffWithEngine(input.provider, before, after);
  return script.trim() === EMPTY_MIGRATION ? '' : script;
}

function engineFiles(schema: SchemaInput): SchemaFile[] {
  const files = typeof schema === 'string' ? [{ path: 'schema.prisma', content: schema }] : schema;
  return stripDatasourceUrls(files);
}

async function diffWithEngine(
  provider: Exclude<DatabaseProvider, 'mysql'>,
  before: SchemaFile[] | null,
  after: SchemaFile[],
): Promise<string> {
  const session = { adapterFactory: offlineAdapterFactory(provider), schemaFiles: after };
  const result = await withSchemaEngine(session, (engine) =>
    engine.diff({
      from: before ? { tag: 'schemaDatamodel', files: before } : { tag: 'empty' },
      to: { tag: 'schemaDatamodel', files: after },
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    }),
  );
  return result.stdout ?? '';
}

/** `prisma migrate diff` run in a scratch folder, so the project's config (and its env()) stays out of it. */
async function diffWithCli(
  projectDir: string | undefined,
  before: SchemaFile[] | null,
  after: SchemaFile[],
): Promise<string> {
  if (!projectDir) throw new Error('computeMigration needs projectDir for MySQL.');
  const cli = findPrismaCli(projectDir);
  const scratch = await mkdtemp(join(tmpdir(), 'create-auth-diff-'));
  try {
    // Prisma 7 renamed --from-schema-datamodel to --from-schema.
    const flag = cli.major >= 7 ? 'schema' : 'schema-datamodel';
    const from = before
      ? [`--from-${flag}`, await writeSchema(join(scratch, 'before'), before)]
      : ['--from-empty'];
    const to = [`--to-${flag}`, await writeSchema(join(scratch, 'after'), after)];
    const run = await runPrismaCli(cli, ['migrate', 'diff', ...from, ...to, '--script'], {
      cwd: scratch,
    });
    if (run.exitCode !== 0) throw cliDiffError(run.output);
    return run.stdout;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** Writes the files into `dir` and returns what to pass to --schema: the file, or the folder. */
async function writeSchema(dir: string, files: SchemaFile[]): Promise<string> {
  await mkdir(dir, { recursive: true });
  const names = files.map((file, i) => `${i}-${basename(file.path)}`);
  await Promise.all(files.map((file, i) => writeFile(join(dir, names[i]!), file.content)));
  return files.length === 1 ? join(dir, names[0]!) : dir;
}

function cliDiffError(output: string): Error {
  if (isEngineDownloadFailure(output)) {
    return new UserError(
      'Could not compute the MySQL migration: the Prisma CLI could not download its schema engine.',
      "MySQL migrations need Prisma's native schema engine. Run create-auth where the Prisma CLI can reach binaries.prisma.sh, or set PRISMA_SCHEMA_ENGINE_BINARY to a schema-engine binary for your Prisma version.",
    );
  }
  return new Error(`prisma migrate diff failed:\n${output}`);
}
