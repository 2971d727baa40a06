/**
 * `create-auth init`: detect the project, choose the backends, plan every file
 * change, show it, then apply it all at once and type-check the result.
 */
import { confirm, select } from '@inquirer/prompts';

import { type BackendChoice, type DatabaseProvider, type Framework, parseBackendList } from '../options.js';
import { applyPlan } from '../plan/apply-plan.js';
import { readManifest } from '../plan/manifest.js';
import type { AuthChoices } from '../plan/plan-auth-files.js';
import { planInit } from '../plan/plan-init.js';
import { effectiveChanges } from '../plan/plan.js';
import { findConflicts, resolveConflicts } from '../plan/resolve-conflicts.js';
import { showPlan } from '../plan/show-plan.js';
import { detectProject, type ProjectInfo } from '../project/detect-project.js';
import { isGitIgnored } from '../project/is-git-ignored.js';
import { typecheckProject } from '../project/typecheck-project.js';
import { askBackends, defaultBackends } from '../prompts/choose-backends.js';
import { logger } from '../util/logger.js';
import { UserError } from '../util/user-error.js';
import { assertAuthDirIsOurs } from './init/assert-auth-dir.js';
import { followUpSteps } from './init/follow-up-steps.js';
import { reportProject } from './init/report-project.js';
import { reportResult } from './init/report-result.js';

export interface InitOptions {
  cwd: string;
  framework?: Framework;
  backends?: string;
  db?: DatabaseProvider;
  authDir?: string;
  yes?: boolean;
  dryRun?: boolean;
  force?: boolean;
  install: boolean;
  migrate: boolean;
}

/** Runs `init`; throws UserError for anything the owner can fix. */
export async function runInit(options: InitOptions): Promise<void> {
  const background = new AbortController();
  try {
    await init(options, background.signal);
  } finally {
    // A run that stops early leaves no type-check running behind it.
    background.abort();
  }
}

async function init(options: InitOptions, signal: AbortSignal): Promise<void> {
  const interactive = !options.yes && Boolean(process.stdin.isTTY && process.stdout.isTTY);
  const project = detectProject(options.cwd);
  reportProject(project);

  // The project's own type errors before any change, so the report can tell new ones
  // from old; it runs while the choices and the plan are made.
  const baseline = options.dryRun ? null : typecheckProject(project.root, [], signal);
  baseline?.catch(() => undefined);

  const choices = await chooseOptions(project, options, interactive);

  assertAuthDirIsOurs(project.root, choices.authDir, readManifest(project.root), Boolean(options.force));

  const planned = await planInit(project, choices);
  for (const warning of [...planned.warnings, ...projectWarnings(project)]) logger.warn(warning);
  const steps = await followUpSteps(project, planned, options).catch((error: unknown) => {
    if (!options.dryRun) throw error;
    logger.warn(`A real run would stop here: ${(error as Error).message}`);
    return [];
  });

  logger.step(options.dryRun ? '\nWould change:' : '\nPlan:');
  const manifest = readManifest(project.root);
  const conflicts = findConflicts(planned.plan, manifest);
  showPlan(planned.withManifest(planned.plan), { withDiffs: Boolean(options.dryRun), conflicts });
  if (options.dryRun) return logger.info('\nDry run: nothing was written.');
  if (effectiveChanges(planned.plan).length === 0) {
    return logger.success('Nothing to change: the auth system is already up to date.');
  }

  const resolved = await resolveConflicts(planned.plan, manifest, {
    interactive,
    force: Boolean(options.force),
  });
  const plan = planned.withManifest(resolved.plan);

  if (interactive && !(await confirm({ message: 'Apply these changes?', default: true }))) {
    return logger.info('Nothing was written.');
  }

  const before = await baseline;
  await applyPlan(project.root, plan, steps);

  await reportResult(project, choices, plan, before);
  await warnIfEnvNotIgnored(project.root);
}

async function chooseOptions(
  project: ProjectInfo,
  options: InitOptions,
  interactive: boolean,
): Promise<AuthChoices> {
  return {
    framework: await chooseFramework(project, options, interactive),
    backends: await chooseBackends(options, interactive),
    database: chooseDatabase(project, options),
    authDir: (options.authDir ?? (project.hasSrcDir ? 'src/auth' : 'auth')).replace(/\/+$/, ''),
  };
}

async function chooseFramework(project: ProjectInfo, options: InitOptions, interactive: boolean) {
  const found = project.frameworks.map((entry) => entry.framework);
  if (options.framework) {
    if (!found.includes(options.framework)) {
      throw new UserError(`--framework ${options.framework}, but package.json does not depend on it.`);
    }
    return options.framework;
  }
  if (found.length > 1 && interactive) {
    return select({ message: 'Which framework serves the auth routes?', choices: found.map((value) => ({ value })) });
  }
  return found[0]!;
}

async function chooseBackends(options: InitOptions, interactive: boolean): Promise<BackendChoice[]> {
  if (options.backends !== undefined) return wrapUserError(() => parseBackendList(options.backends!));
  if (interactive) return askBackends();
  const backends = defaultBackends();
  logger.info(`Backends: ${backends.map((b) => b.name).join(', ')} (the default; choose with --backends).`);
  return backends;
}

function chooseDatabase(project: ProjectInfo, options: InitOptions): DatabaseProvider {
  const fromSchema = project.prisma.provider;
  if (options.db && options.db !== fromSchema) {
    throw new UserError(
      `--db ${options.db}, but the Prisma schema's datasource says ${fromSchema}.`,
      'Leave out --db: create-auth uses the provider in your schema.',
    );
  }
  return fromSchema;
}

function projectWarnings(project: ProjectInfo): string[] {
  if (project.tsconfig.esModuleInterop) return [];
  return [
    'tsconfig.json does not enable esModuleInterop, which the generated code needs for its ' +
      'default imports (jsonwebtoken, cookie-parser). Add "esModuleInterop": true to compilerOptions.',
  ];
}

async function warnIfEnvNotIgnored(root: string): Promise<void> {
  if (await isGitIgnored(root, '.env')) return;
  logger.warn('.env is not git-ignored, and it now holds a secret. Add ".env" to your .gitignore.');
}

function wrapUserError<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw new UserError((error as Error).message);
  }
}
