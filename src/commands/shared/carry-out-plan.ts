/**
 * The part every changing command shares once it knows its choices: plan, show,
 * stop for a dry run or when nothing changes, resolve conflicts, confirm, apply
 * all at once (type-checking before the migration), then report.
 */
import { join } from 'node:path';

import { confirm } from '@inquirer/prompts';

import { applyPlan } from '../../plan/apply-plan.js';
import type { AuthChoices } from '../../plan/plan-auth-files.js';
import { type PlanOptions, planAuthSystem } from '../../plan/plan-auth-system.js';
import { effectiveChanges } from '../../plan/plan.js';
import { findConflicts, resolveConflicts } from '../../plan/resolve-conflicts.js';
import { showPlan } from '../../plan/show-plan.js';
import type { ProjectInfo } from '../../project/detect-project.js';
import type { TypecheckResult } from '../../project/typecheck-project.js';
import { findUp } from '../../util/find-up.js';
import { logger } from '../../util/logger.js';
import { followUpSteps, withTypecheck } from './follow-up-steps.js';
import { reportResult } from './report-result.js';

/** The flags every changing command takes. */
export interface ChangeOptions {
  yes?: boolean;
  dryRun?: boolean;
  force?: boolean;
  install: boolean;
  migrate: boolean;
}

/** What a command brings to the shared flow. */
export interface PlanRequest {
  project: ProjectInfo;
  choices: AuthChoices;
  planOptions?: PlanOptions;
  /** The project's type errors before the change, when the command measured them. */
  baseline?: Promise<TypecheckResult> | null;
  extraWarnings?: string[];
}

/** Whether prompts may be shown: a TTY on both ends and no --yes. */
export function isInteractive(options: { yes?: boolean }): boolean {
  return !options.yes && Boolean(process.stdin.isTTY && process.stdout.isTTY);
}

/** Plans, shows and (unless a dry run) applies the change; returns whether it applied. */
export async function carryOutPlan(request: PlanRequest, options: ChangeOptions): Promise<boolean> {
  const { project, choices } = request;
  const interactive = isInteractive(options);
  const planned = await planAuthSystem(project, choices, request.planOptions);
  if (planned.formatter) logger.info(`The auth files are formatted with your ${planned.formatter}.`);
  for (const warning of [...planned.warnings, ...(request.extraWarnings ?? [])]) logger.warn(warning);
  const steps = await followUpSteps(project, planned, options).catch((error: unknown) => {
    if (!options.dryRun) throw error;
    logger.warn(`A real run would stop here: ${(error as Error).message}`);
    return [];
  });

  logger.step(options.dryRun ? '\nWould change:' : '\nPlan:');
  const { manifest } = project;
  const conflicts = findConflicts(planned.plan, manifest);
  // The manifest is only rewritten along with a real change, so it is only shown with one.
  const upToDate = effectiveChanges(planned.plan).length === 0;
  showPlan(upToDate ? planned.plan : await planned.withManifest(planned.plan), {
    withDiffs: Boolean(options.dryRun),
    conflicts,
  });
  if (!upToDate) {
    const commands = withTypecheck(steps, project.root, []).steps.map((step) => step.label);
    logger.info(`Then ${options.dryRun ? 'a real run would run' : 'it runs'}: ${commands.join(', then ')}.`);
  }
  if (options.dryRun) {
    logger.info('\nDry run: nothing was written.');
    return false;
  }
  if (upToDate) {
    logger.success('Nothing to change: the auth system is already up to date.');
    return false;
  }

  const resolved = await resolveConflicts(planned.plan, manifest, { interactive, force: Boolean(options.force) });
  const plan = await planned.withManifest(resolved.plan);
  if (interactive && !(await confirm({ message: 'Apply these changes?', default: true }))) {
    logger.info('Nothing was written.');
    return false;
  }

  const before = (await request.baseline) ?? null;
  const touched = effectiveChanges(plan).map((change) => change.path);
  const checked = withTypecheck(steps, project.root, touched);
  await applyPlan(project.root, plan, checked.steps);

  const notInstalled = planned.packages.filter((name) => !findUp(project.root, join('node_modules', name)));
  reportResult(project, choices, plan, { before, after: checked.typecheck() }, notInstalled);
  return true;
}
