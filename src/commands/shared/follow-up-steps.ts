/**
 * The steps `init` runs after writing its files, in the order that keeps the
 * database from getting ahead of the code: install, generate the client, migrate.
 * (The command type-checks between the last two; see carryOutPlan.)
 */
import { isAbsolute, join, relative, sep } from 'node:path';

import { parse } from 'dotenv';

import { findUp } from '../../util/find-up.js';
import type { FollowUpStep } from '../../plan/apply-plan.js';
import { readOrNull } from '../../util/read-or-null.js';
import { usesDriverAdapter } from '../../plan/plan-auth-files.js';
import type { AuthSystemPlan } from '../../plan/plan-auth-system.js';
import { applyMigrations } from '../../prisma/apply-migrations.js';
import { resolveSqliteUrl } from '../../prisma/database-adapter-factory.js';
import { databaseUrlSource } from '../../prisma/database-url-source.js';
import { generatePrismaClient } from '../../prisma/generate-prisma-client.js';
import type { ProjectInfo } from '../../project/detect-project.js';
import { type TypecheckResult, typecheckProject } from '../../project/typecheck-project.js';
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
  const url = resolveSqliteUrl(database.url, database.baseDir);
  if (url === 'file::memory:') return [];
  const file = url.slice('file:'.length);
  return ['', '-journal', '-wal', '-shm'].map((suffix) => `${file}${suffix}`);
}

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
  const prismaFile = resolveSqliteUrl(prismaUrl, baseDir).slice('file:'.length);
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
  const adapterFile = resolveSqliteUrl(adapterUrl, project.root).slice('file:'.length);
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
