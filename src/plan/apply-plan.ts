/**
 * Applies a plan and the steps that follow it (install, generate, migrate) as one
 * unit. The order is fixed so the database is never ahead of the files that use
 * it: files first, then packages, then the Prisma client, then the migration last.
 * When any step fails or the user presses Ctrl-C, every file is put back.
 */
import { logger, withSpinner } from '../util/logger.js';
import { UserError } from '../util/user-error.js';
import { effectiveChanges, type Plan } from './plan.js';
import { ProjectTransaction } from './project-transaction.js';

/** A step that runs after the files are written and may rewrite other files. */
export interface FollowUpStep {
  label: string;
  /** Project-relative files and folders the step may change; restored on failure. */
  protectFiles?: string[];
  protectTrees?: string[];
  /** Does the work; returns notes worth telling the owner (a workaround it used, say). */
  run: (signal: AbortSignal) => Promise<string[] | void>;
}

/** Writes the plan, runs the steps in order, and rolls everything back on failure. */
export async function applyPlan(root: string, plan: Plan, steps: FollowUpStep[]): Promise<void> {
  const transaction = new ProjectTransaction(root);
  const controller = new AbortController();
  const interrupt = () => controller.abort(new UserError('Interrupted.'));
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  try {
    for (const change of effectiveChanges(plan)) transaction.apply(change);
    for (const step of steps) await runStep(transaction, step, controller.signal);
    controller.signal.throwIfAborted();
  } catch (error) {
    transaction.rollback();
    throw rolledBack(controller.signal.aborted ? controller.signal.reason : error);
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
}

async function runStep(transaction: ProjectTransaction, step: FollowUpStep, signal: AbortSignal) {
  signal.throwIfAborted();
  for (const file of step.protectFiles ?? []) transaction.protect(file);
  for (const tree of step.protectTrees ?? []) transaction.protectTree(tree);
  const notes = await withSpinner(step.label, () => step.run(signal));
  for (const note of notes ?? []) logger.info(`         ${note}`);
}

function rolledBack(error: unknown): UserError {
  const message = error instanceof Error ? error.message : String(error);
  const fix = error instanceof UserError ? error.fix : undefined;
  logger.warn('Every file create-auth changed has been put back as it was.');
  return new UserError(`${message}\nNo file was changed.`, fix);
}
