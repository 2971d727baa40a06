/**
 * The steps `init` runs after writing its files, in the order that keeps the
 * database from getting ahead of the code: install, generate the client, migrate.
 */
import { join } from 'node:path';

import { parse } from 'dotenv';

import { findUp } from '../../util/find-up.js';
import type { FollowUpStep } from '../../plan/apply-plan.js';
import { readOrNull } from '../../util/read-or-null.js';
import type { AuthSystemPlan } from '../../plan/plan-auth-system.js';
import { applyMigrations } from '../../prisma/apply-migrations.js';
import { generatePrismaClient } from '../../prisma/generate-prisma-client.js';
import type { ProjectInfo } from '../../project/detect-project.js';
import { installCommand, installDependencies, isInstalled } from '../../project/install-dependencies.js';
import { logger } from '../../util/logger.js';
import { projectPath } from '../../util/paths.js';
import { UserError } from '../../util/user-error.js';

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
    run: async () => (await generatePrismaClient(project.root, project.prisma.schemaPath)).notes,
  };
}

function migrateStep(project: ProjectInfo, planned: AuthSystemPlan): FollowUpStep {
  const databaseUrl = readDatabaseUrl(project);
  return {
    label: `apply pending migrations to ${project.prisma.provider}`,
    run: async () => {
      await applyMigrations({
        projectDir: project.root,
        migrationsDir: project.prisma.migrationsDir,
        provider: project.prisma.provider,
        databaseUrl,
      });
    },
  };
}

/** The database URL from the environment or the project's .env, as Prisma's config would read it. */
export function readDatabaseUrl(project: ProjectInfo): string {
  const names = project.prisma.configEnvNames;
  const name = names.includes('DATABASE_URL') || names.length === 0 ? 'DATABASE_URL' : names[0]!;
  const fromFile = parse(readOrNull(join(project.root, '.env')) ?? '')[name];
  const url = process.env[name] ?? fromFile;
  if (!url) {
    throw new UserError(
      `${name} is not set (neither in the environment nor in .env), so the migration cannot be applied.`,
      `Set ${name} in .env, or pass --no-migrate and apply the migration later with: npx prisma migrate deploy`,
    );
  }
  return url;
}
