/**
 * The steps `init` runs after writing its files, in the order that keeps the
 * database from getting ahead of the code: install, generate the client, migrate.
 * (The command type-checks between the last two; see carryOutPlan.)
 */
import { join } from 'node:path';

import { findUp } from '../../util/find-up.js';
import type { FollowUpStep } from '../../plan/apply-plan.js';
import type { AuthSystemPlan } from '../../plan/plan-auth-system.js';
import { applyMigrations } from '../../prisma/apply-migrations.js';
import { sqliteFilePath } from '../../prisma/database-adapter-factory.js';
import { generatePrismaClient } from '../../prisma/generate-prisma-client.js';
import type { ProjectInfo } from '../../project/detect-project.js';
import { type DatabaseUrl, readDatabaseUrl, sqlitePathWarning } from './read-database-url.js';
import { type TypecheckResult, typecheckProject } from '../../project/typecheck-project.js';
import { installCommand, installDependencies, isInstalled } from '../../project/install-dependencies.js';
import { logger } from '../../util/logger.js';
import { projectPath } from '../../util/paths.js';

/** The options that decide which follow-up steps run. */
export interface FollowUpOptions {
  install: boolean;
  migrate: boolean;
}

/** Install (when packages are missing), generate (when the schema changed), migrate (when there is a new migration). */
export async function followUpSteps(
  project: ProjectInfo,
  planned: AuthSystemPlan,
  options: FollowUpOptions,
): Promise<FollowUpStep[]> {
  const mismatch = sqlitePathWarning(project);
  if (mismatch) logger.warn(mismatch);
  const steps: FollowUpStep[] = [];
  const install = await installStep(project, planned, options);
  if (install) steps.push(install);
  if (planned.prisma.schemaChanged) steps.push(generateStep(project));
  if (planned.prisma.migrationName && options.migrate) steps.push(migrateStep(project, planned));
  else if (planned.prisma.migrationName) {
    logger.info(`The migration ${planned.prisma.migrationName} is written but not applied (--no-migrate).`);
  }
  return steps;
}

async function installStep(project: ProjectInfo, planned: AuthSystemPlan, options: FollowUpOptions) {
  const missing = planned.packages.filter((name) => !findUp(project.root, join('node_modules', name)));
  // A package added to or removed from package.json is in the lockfile only once the
  // manager runs, even when node_modules happens to hold it already.
  const manifest = planned.plan.changes.find((change) => change.path === 'package.json');
  if (missing.length === 0 && manifest?.before === manifest?.after) return null;
  const command = installCommand(project.packageManager).join(' ');
  if (!options.install) {
    const removed = planned.removedPackages;
    const what =
      missing.length > 0
        ? `Not installing ${missing.join(', ')}`
        : `Not updating the lockfile${removed.length > 0 ? ` for ${removed.join(', ')}` : ''}`;
    logger.info(`${what} (--no-install). Run: ${command}`);
    return null;
  }
  if (!(await isInstalled(project.packageManager))) {
    const manager = project.packageManager;
    logger.warn(`\`${manager} --version\` failed here (${manager} is not installed, or refused to start), so nothing was installed. Run: ${command}`);
    return null;
  }
  return {
    label: command,
    protectFiles: ['package.json', ...(project.lockfile ? [project.lockfile] : ['package-lock.json'])],
    run: (signal: AbortSignal) => installDependencies(project.root, project.packageManager, signal),
  } satisfies FollowUpStep;
}

function generateStep(project: ProjectInfo): FollowUpStep {
  const output = project.prisma.generator?.output;
  return {
    label: 'prisma generate',
    protectTrees: output ? [projectPath(project.root, output)] : [],
    run: async (signal) => (await generatePrismaClient(project.root, project.prisma.schemaPath, signal)).notes,
  };
}

function migrateStep(project: ProjectInfo, planned: AuthSystemPlan): FollowUpStep {
  const database = readDatabaseUrl(project);
  const files = sqliteFiles(project, database);
  return {
    label: `apply pending migrations to ${project.prisma.provider}`,
    // A SQLite database is a file, put back like the others; a server's tables are not.
    protectFiles: files,
    changesDatabase: true,
    commits: files.length === 0,
    run: async () => {
      await applyMigrations({
        projectDir: project.root,
        migrationsDir: project.prisma.migrationsDir,
        provider: project.prisma.provider,
        databaseUrl: database.url,
        sqliteBaseDir: database.baseDir,
      });
    },
  };
}

/** The steps with the type-check among them, and what it found once it ran. */
export interface StepsWithTypecheck {
  steps: FollowUpStep[];
  typecheck: () => TypecheckResult;
}

/**
 * Adds the project's `tsc --noEmit` after the client is generated (the code
 * imports it) and before the migration, so a Ctrl-C while it runs still finds
 * the database as it was.
 */
export function withTypecheck(steps: FollowUpStep[], root: string, touched: string[]): StepsWithTypecheck {
  let found: TypecheckResult | undefined;
  const check: FollowUpStep = {
    label: 'tsc --noEmit',
    run: async (signal) => {
      found = await typecheckProject(root, touched, signal);
    },
  };
  const migration = steps.findIndex((step) => step.changesDatabase);
  const at = migration === -1 ? steps.length : migration;
  return {
    steps: [...steps.slice(0, at), check, ...steps.slice(at)],
    typecheck: () => {
      if (!found) throw new Error('The type-check has not run yet.');
      return found;
    },
  };
}

/** The SQLite database file and the journals SQLite keeps beside it; none for other databases. */
export function sqliteFiles(project: ProjectInfo, database: DatabaseUrl): string[] {
  if (project.prisma.provider !== 'sqlite') return [];
  const file = sqliteFilePath(database.url, database.baseDir);
  if (file === ':memory:') return [];
  return ['', '-journal', '-wal', '-shm'].map((suffix) => `${file}${suffix}`);
}
