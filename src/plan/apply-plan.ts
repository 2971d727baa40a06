/**
 * Applies a plan and the steps that follow it (install, generate, type-check,
 * migrate) as one unit. The order is fixed so the database is never ahead of the
 * files that use it: files first, then packages, then the Prisma client, then the
 * migration last. When any step fails or the user presses Ctrl-C, every file is
 * put back (a SQLite database file among them).
 */
import { whileWriting } from '../util/listen-for-interrupts.js';
import { logger, withSpinner } from '../util/logger.js';
import { InterruptedError, UserError } from '../util/user-error.js';
import { effectiveChanges, type Plan } from './plan.js';
import { ProjectTransaction } from './project-transaction.js';

/** A step that runs after the files are written and may rewrite other files. */
export interface FollowUpStep {
  label: string;
  /** Files and folders (project-relative or absolute) the step may change; restored on failure. */
  protectFiles?: string[];
  protectTrees?: string[];
  /** The step migrates the database; it comes last, and nothing that may fail follows it. */
  changesDatabase?: boolean;
  /**
   * The step makes a change that cannot be put back (a migration applied to a
   * database server), so it must be the last: once it has started, a Ctrl-C no
   * longer rolls back, and the run ends with the change complete.
   */
  commits?: boolean;
  /** Does the work; returns notes worth telling the owner (a workaround it used, say). */
  run: (signal: AbortSignal) => Promise<string[] | void>;
}

/** Writes the plan, runs the steps in order, and rolls everything back on failure. */
export async function applyPlan(root: string, plan: Plan, steps: FollowUpStep[]): Promise<void> {
  const transaction = new ProjectTransaction(root);
  const controller = new AbortController();
  const interrupt = () => controller.abort(new InterruptedError('Interrupted.'));
  await whileWriting(interrupt, async () => {
    try {
      for (const change of effectiveChanges(plan)) transaction.apply(change);
      for (const step of steps) await runStep(transaction, step, controller.signal);
      if (!steps.at(-1)?.commits) await throwIfInterrupted(controller.signal);
      else if (controller.signal.aborted) {
        logger.warn(`Interrupted during "${steps.at(-1)!.label}", which cannot be undone, so the change is complete.`);
      }
    } catch (error) {
      const unrestored = transaction.rollback();
      throw rolledBack(controller.signal.aborted ? controller.signal.reason : error, unrestored);
    }
  });
}

async function runStep(transaction: ProjectTransaction, step: FollowUpStep, signal: AbortSignal) {
  await throwIfInterrupted(signal);
  for (const file of step.protectFiles ?? []) transaction.protect(file);
  for (const tree of step.protectTrees ?? []) transaction.protectTree(tree);
  const notes = await withSpinner(step.label, () => step.run(signal));
  for (const note of notes ?? []) logger.info(`         ${note}`);
}

// A Ctrl-C that came while a step kept the event loop busy (SQLite runs a migration's
// statements synchronously) is handled only when the loop next turns: let it turn
// before deciding whether the run was interrupted.
async function throwIfInterrupted(signal: AbortSignal): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  signal.throwIfAborted();
}

function rolledBack(error: unknown, unrestored: string[]): UserError {
  const message = error instanceof Error ? error.message : String(error);
  const fix = error instanceof UserError ? error.fix : undefined;
  const Failure = error instanceof InterruptedError ? InterruptedError : UserError;
  if (unrestored.length > 0) {
    const list = unrestored.join(', ');
    return new Failure(`${message}\nThese files could not be put back as they were: ${list}.`, fix);
  }
  return new Failure(`${message}\nEvery file create-auth changed has been put back as it was.`, fix);
}
