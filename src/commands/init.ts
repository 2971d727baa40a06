/**
 * `create-auth init`: detect the project, choose the backends, plan every file
 * change, show it, then apply it all at once and type-check the result.
 */
import { join } from 'node:path';

import { select } from '@inquirer/prompts';

import {
  type BackendChoice,
  type DatabaseProvider,
  DEFAULT_USER_MODEL,
  type Framework,
  parseBackendList,
} from '../options.js';
import { reconcileBackendsList, reconciledOrder } from '../codemods/reconcile-backends-list.js';
import { isChangedByOwner } from '../plan/manifest.js';
import { type AuthChoices, BACKENDS_FILE } from '../plan/plan-auth-files.js';
import type { PlanOptions } from '../plan/plan-auth-system.js';
import { detectProject, type ProjectInfo } from '../project/detect-project.js';
import { detectUserModel } from '../project/detect-user-model.js';
import { type AuthSetup, readAuthSetup } from '../project/read-auth-setup.js';
import { isGitIgnored } from '../project/is-git-ignored.js';
import { typecheckProject } from '../project/typecheck-project.js';
import { askBackends, defaultBackends } from '../prompts/choose-backends.js';
import { chooseUserModel } from '../prompts/choose-user-model.js';
import { logger } from '../util/logger.js';
import { readOrNull } from '../util/read-or-null.js';
import { UserError } from '../util/user-error.js';
import { assertAuthDirIsOurs } from './init/assert-auth-dir.js';
import { reportProject } from './init/report-project.js';
import { carryOutPlan, type ChangeOptions, isInteractive } from './shared/carry-out-plan.js';
import { explainWhatStays } from './shared/explain-what-stays.js';
import { withBackgroundWork } from './shared/with-background-work.js';

export interface InitOptions extends ChangeOptions {
  cwd: string;
  framework?: Framework;
  backends?: string;
  db?: DatabaseProvider;
  authDir?: string;
  userModel?: string;
}

/** Runs `init`; throws UserError for anything the owner can fix. */
export async function runInit(options: InitOptions): Promise<void> {
  await withBackgroundWork((signal) => init(options, signal));
}

async function init(options: InitOptions, signal: AbortSignal): Promise<void> {
  const interactive = isInteractive(options);
  // A mistyped backend name is reported before anything else is looked at.
  const listed = options.backends;
  const listedBackends = listed === undefined ? undefined : parseBackendList(listed);
  const project = detectProject(options.cwd);
  reportProject(project, options.userModel ?? project.manifest?.userModel ?? DEFAULT_USER_MODEL);

  // The project's own type errors before any change, so the report can tell new ones
  // from old; it runs while the choices and the plan are made.
  const baseline = options.dryRun ? null : typecheckProject(project.root, [], signal);
  baseline?.catch(() => undefined);

  const current = currentBackends(project);
  const chosen = await chooseOptions(project, options, listedBackends, current?.backends ?? null, interactive);

  assertAuthDirIsOurs(project.root, chosen.authDir, project.manifest, Boolean(options.force));

  const { choices, planOptions } = planRerun(project, chosen, current);

  const applied = await carryOutPlan(
    { project, choices, planOptions, baseline, extraWarnings: projectWarnings(project, choices.userModel) },
    options,
  );
  if (applied) await warnIfEnvNotIgnored(project.root);
  if (current && (applied || options.dryRun)) explainWhatStays(current.backends, choices.backends, choices.userModel);
}

async function chooseOptions(
  project: ProjectInfo,
  options: InitOptions,
  listedBackends: BackendChoice[] | undefined,
  current: BackendChoice[] | null,
  interactive: boolean,
): Promise<AuthChoices> {
  return {
    framework: await chooseFramework(project, options, interactive),
    backends: listedBackends ?? (await chooseBackends(current, interactive)),
    database: chooseDatabase(project, options),
    authDir: (options.authDir ?? (project.hasSrcDir ? 'src/auth' : 'auth')).replace(/\/+$/, ''),
    userModel: await chooseUserModel(options.userModel, project.models, project.manifest, interactive),
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
  if (found.length > 1) logger.info(`Framework: ${found[0]} (the first of ${found.join(', ')}; choose with --framework).`);
  return found[0]!;
}

async function chooseBackends(current: BackendChoice[] | null, interactive: boolean): Promise<BackendChoice[]> {
  if (interactive) return askBackends(current);
  const [backends, source] = current
    ? [current, `as in ${BACKENDS_FILE}`]
    : [defaultBackends(), 'the default'];
  logger.info(`Backends: ${backends.map((b) => b.name).join(', ')} (${source}; choose with --backends).`);
  return backends;
}

// On a rerun, the list as backends.ts has it now (the owner may have renamed or
// reordered entries); null on a first run, or when the file is gone or unreadable.
function currentBackends(project: ProjectInfo): AuthSetup | null {
  if (!project.manifest) return null;
  try {
    return readAuthSetup(project.root);
  } catch {
    return null;
  }
}

/**
 * A rerun edits a backends.ts the owner changed in place rather than rewriting
 * it: entries not chosen go, new ones are appended, kept ones stay where the owner
 * put them. It also drops packages create-auth added that nothing imports now.
 */
function planRerun(
  project: ProjectInfo,
  chosen: AuthChoices,
  current: AuthSetup | null,
): { choices: AuthChoices; planOptions: PlanOptions } {
  if (!current) return { choices: chosen, planOptions: {} };
  const listText = readOrNull(join(project.root, current.listPath));
  if (!isChangedByOwner(project.manifest, current.listPath, listText)) {
    return { choices: chosen, planOptions: { removeUnusedPackages: true } };
  }
  const backends = reconciledOrder(current.backends, chosen.backends);
  const order = (list: BackendChoice[]) => list.map((backend) => backend.name).join(', ');
  if (order(backends) !== order(chosen.backends)) {
    logger.info(`Backends in ${current.listPath} keep your order: ${order(backends)}. Reorder them there.`);
  }
  const editList = reconcileBackendsList(current.backends, chosen.backends, project.importExtension);
  return { choices: { ...chosen, backends }, planOptions: { editList, removeUnusedPackages: true } };
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

function projectWarnings(project: ProjectInfo, userModel: string): string[] {
  const model = detectUserModel(project.prisma.files, userModel);
  const cannotFill = (field: string, why: string) =>
    `${userModel}.${field} is required and has no default, and ${why}, so registration cannot fill it. ` +
    'Give it a @default, make it optional, or set it in registerUser() in user-manager.ts.';
  const warnings = [
    ...(model?.requiredFields ?? [])
      .filter((field) => field.zod === null)
      .map((field) => cannotFill(`${field.name} (${field.type})`, 'a JSON body cannot carry that type')),
    ...(model?.credentials.unfillable ?? []).map((field) => cannotFill(field, 'it looks like a credential')),
    ...(model?.credentials.filledWithHash ?? []).map(
      (field) =>
        `${userModel}.${field} looks like your own password column: the auth code keeps its hash in ` +
        `hashedPassword and writes the same argon2id hash to ${field}, so it stays filled. Old hashes ` +
        'in it are not checked at login; drop the column once nothing of yours reads it.',
    ),
  ];
  if (!project.tsconfig.esModuleInterop) {
    warnings.push(
      'tsconfig.json does not enable esModuleInterop, which the generated code needs for its ' +
        'default imports (jsonwebtoken, cookie-parser). Add "esModuleInterop": true to compilerOptions.',
    );
  }
  return warnings;
}

async function warnIfEnvNotIgnored(root: string): Promise<void> {
  if (await isGitIgnored(root, '.env')) return;
  logger.warn('.env is not git-ignored, and it now holds a secret. Add ".env" to your .gitignore.');
}
