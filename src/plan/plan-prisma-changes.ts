/**
 * The Prisma half of a plan: the auth models merged into the owner's schema and
 * the migration Prisma's engine computes from the schema before to the schema after.
 */
import { strategiesOf } from '../options.js';
import { computeMigration } from '../prisma/compute-migration.js';
import { mergeAuthModels } from '../prisma/merge-auth-models.js';
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
  /** The new migration's folder name, or null when the schema needs none. */
  migrationName: string | null;
  warnings: string[];
}

/** Merges the models and computes the migration; writes nothing. */
export async function planPrismaChanges(project: ProjectInfo, choices: AuthChoices): Promise<PrismaChanges> {
  const { prisma, root } = project;
  const withAccessToken = strategiesOf(choices.backends).includes('database');
  const merge = mergeAuthModels(prisma.files, { withAccessToken });
  if (merge.conflicts.length > 0) throw schemaConflictError(merge.conflicts);
  const schemaChanges = merge.files.map((file, index) =>
    fileChange(projectPath(root, file.path), prisma.files[index]!.content, file.content, 'codemod', 'auth models'),
  );
  const sql = merge.changed
    ? await computeMigration({ provider: prisma.provider, before: prisma.files, after: merge.files, projectDir: root })
    : '';
  const migrationFiles = planMigrationFiles({
    migrationsDir: prisma.migrationsDir,
    provider: prisma.provider,
    sql,
    migrationLock: prisma.migrationLock,
    existingMigrations: prisma.migrationNames,
  });
  const migrationChanges = migrationFiles.map((file) =>
    fileChange(projectPath(root, file.path), null, file.content, 'codemod', 'computed by Prisma'),
  );
  const migrationSql = migrationChanges.find((change) => change.path.endsWith('/migration.sql'));
  return {
    changes: [...schemaChanges, ...migrationChanges],
    userIdType: merge.userIdType,
    schemaChanged: merge.changed,
    migrationName: migrationSql ? migrationSql.path.split('/').at(-2)! : null,
    warnings: merge.warnings,
  };
}

// The generated code cannot work with these fields, and changing the owner's columns
// could change what their own code means, so the owner decides.
function schemaConflictError(conflicts: string[]): UserError {
  return new UserError(
    `The Prisma schema has fields the auth code cannot use as they are:\n${conflicts.map((line) => `  ${line}`).join('\n')}\nNothing was written.`,
    'Change those fields in your schema (or migrate them), then run create-auth again.',
  );
}
