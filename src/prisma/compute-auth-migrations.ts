/**
 * The migrations create-auth adds for its schema change, and the baseline a
 * project without migration history needs first.
 *
 * A project that never ran `prisma migrate` (it used `prisma db push`, or
 * nothing yet) has tables that no migration creates. A migration that only
 * alters them fails on an empty database ("no such table: User") after some
 * of its statements already ran. So such a project first gets `init`, the SQL
 * from an empty database to the schema as it was, and then `create_auth`: an
 * empty database gets both, and a database that already has the tables is
 * refused by Prisma (P3005) before anything changes, until the owner marks
 * `init` as applied.
 */
import type { DatabaseProvider } from '../options.js';
import { computeMigration } from './compute-migration.js';
import type { SchemaInput } from './compute-migration.js';

/** One migration to write: the folder name after the timestamp, and its SQL. */
export interface NamedMigration {
  name: string;
  sql: string;
}

/** What to compute. */
export interface ComputeAuthMigrationsInput {
  provider: DatabaseProvider;
  /** The owner's schema before create-auth's change. */
  before: SchemaInput;
  after: SchemaInput;
  /** Whether the migrations folder already holds at least one migration. */
  hasHistory: boolean;
  /** MySQL only: the project whose Prisma CLI computes the diff. */
  projectDir?: string;
}

/** The name of the baseline migration, after its timestamp. */
export const BASELINE_MIGRATION = 'init';

/** The name of create-auth's own migration, after its timestamp. */
export const AUTH_MIGRATION = 'create_auth';

/**
 * `create_auth` (before → after), preceded by the `init` baseline (empty →
 * before) when the project has no history and the schema before had tables.
 * Oldest first; a migration whose SQL is empty is left out.
 */
export async function computeAuthMigrations(
  input: ComputeAuthMigrationsInput,
): Promise<NamedMigration[]> {
  const { provider, projectDir } = input;
  const { before, after } = input;
  const change = await computeMigration({ provider, before, after, projectDir });
  if (change === '') return [];
  const auth = { name: AUTH_MIGRATION, sql: change };
  if (input.hasHistory) return [auth];

  const baseline = await computeMigration({ provider, before: null, after: before, projectDir });
  return baseline === '' ? [auth] : [{ name: BASELINE_MIGRATION, sql: baseline }, auth];
}
