/**
 * The Prisma half of a plan: the auth models merged into the owner's schema and
 * the migration Prisma's engine computes from the schema before to the schema after
 * (after a baseline migration when the project has no migration history).
 */
import { strategiesOf } from '../options.js';
import {
  AUTH_MIGRATION,
  BASELINE_MIGRATION,
  computeAuthMigrations,
} from '../prisma/compute-auth-migrations.js';
import { mergeAuthModels } from '../prisma/merge-auth-models.js';
import type { AuthModelsMerge } from '../prisma/merge-auth-models.js';
import { planMigrationFiles } from '../prisma/plan-migration-files.js';
import type { ProjectInfo } from '../project/detect-project.js';
import { projectPath } from '../util/paths.js';
import { UserError } from '../util/user-error.js';
import type { AuthChoices } from './plan-auth-files.js';
import { fileChange, type FileChange } from './plan.js';

export interface PrismaChanges {
  changes: FileChange[];
  userIdType: 'Int' | 'String';
  /** Whether the schema changed, so the client must be generated again. */
  schemaChanged: boolean;
  /** create-auth's migration folder name, or null when the schema needs none. */
  migrationName: string | null;
  /**
   * The baseline migration planned before it (`<timestamp>_init`, the schema as it
   * was) when the project had no migration history; null otherwise.
   */
  baselineMigrationName: string | null;
  warnings: string[];
}

/** Merges the models and computes the migrations; writes nothing. */
export async function planPrismaChanges(project: ProjectInfo, choices: AuthChoices): Promise<PrismaChanges> {
  const { prisma, root } = project;
  const withAccessToken = strategiesOf(choices.backends).includes('database');
  const merge = mergeAuthModels(prisma.files, { withAccessToken, userModel: choices.userModel });
  if (merge.conflicts.length > 0) throw schemaConflictError(merge.conflicts);
  const schemaChanges = merge.files.map((file, index) =>
    fileChange(projectPath(root, file.path), prisma.files[index]!.content, file.content, 'codemod', 'auth models'),
  );

  const migrations = await planAuthMigrations(project, merge);

  const migrationsDir = projectPath(root, prisma.migrationsDir);
  const warnings = migrations.baseline
    ? [...merge.warnings, baselineWarning(migrationsDir, migrations.baseline)]
    : merge.warnings;
  return {
    changes: [...schemaChanges, ...migrations.changes],
    userIdType: merge.userIdType,
    schemaChanged: merge.changed,
    migrationName: migrations.auth,
    baselineMigrationName: migrations.baseline,
    warnings,
  };
}

interface AuthMigrationChanges {
  changes: FileChange[];
  /** The folder names of create-auth's migration and of the baseline, or null. */
  auth: string | null;
  baseline: string | null;
}

/** The migration files for the merge: create_auth, after a baseline when there is no history. */
async function planAuthMigrations(project: ProjectInfo, merge: AuthModelsMerge): Promise<AuthMigrationChanges> {
  const { prisma, root } = project;
  const migrations = merge.changed
    ? await computeAuthMigrations({
        provider: prisma.provider,
        before: prisma.files,
        after: merge.files,
        hasHistory: prisma.migrationNames.length > 0,
        projectDir: root,
      })
    : [];
  const planned = planMigrationFiles({
    migrationsDir: prisma.migrationsDir,
    provider: prisma.provider,
    migrations,
    migrationLock: prisma.migrationLock,
    existingMigrations: prisma.migrationNames,
  });
  const changes = planned.files.map((file) =>
    fileChange(projectPath(root, file.path), null, file.content, 'codemod', 'computed by Prisma'),
  );
  const folderOf = (name: string) => planned.names.find((folder) => folder.endsWith(`_${name}`)) ?? null;
  return { changes, auth: folderOf(AUTH_MIGRATION), baseline: folderOf(BASELINE_MIGRATION) };
}

// Said before anything is applied, so an owner whose database was made with
// `prisma db push` knows why Prisma will refuse it and what to do.
function baselineWarning(migrationsDir: string, baseline: string): string {
  return (
    `${migrationsDir} has no migrations yet, so create-auth first adds ${baseline}, your schema as it was, ` +
    'so that an empty database gets your tables too. If your database already has them (made with ' +
    '`prisma db push`), Prisma refuses to migrate it and nothing in it changes. Baseline it then: write the ' +
    'migrations without applying them (--no-migrate), mark the `_init` one as applied with ' +
    '`npx prisma migrate resolve --applied <its folder name>`, and run `npx prisma migrate deploy`.'
  );
}

// The generated code cannot work with these fields, and changing the owner's columns
// could change what their own code means, so the owner decides.
function schemaConflictError(conflicts: string[]): UserError {
  return new UserError(
    `The Prisma schema has fields the auth code cannot use as they are:\n${conflicts.map((line) => `  ${line}`).join('\n')}\nNothing was written.`,
    'Change those fields in your schema (or migrate them), then run create-auth again.',
  );
}
