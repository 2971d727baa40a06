/** Prints a plan: one action line per file, with unified diffs on request. */
import { createTwoFilesPatch } from 'diff';

import { logger } from '../util/logger.js';
import { changeVerb, type FileChange, type Plan } from './plan.js';

/** A unified diff of one change, `a/` and `b/` prefixed like git's. */
export function renderChangeDiff(change: FileChange): string {
  const patch = createTwoFilesPatch(
    change.before === null ? '/dev/null' : `a/${change.path}`,
    change.after === null ? '/dev/null' : `b/${change.path}`,
    change.before ?? '',
    change.after ?? '',
    undefined,
    undefined,
    { context: 3 },
  );
  // The first line of jsdiff's patch is an "Index:" header and a separator; drop them.
  return patch.split('\n').slice(2).join('\n').trimEnd();
}

/** Prints each change as an action line, and its diff when `withDiffs` is set. */
export function showPlan(plan: Plan, options: { withDiffs: boolean; conflicts?: FileChange[] }): void {
  let upToDate = 0;
  for (const change of plan.changes) {
    const verb = changeVerb(change);
    if (change.keptOwnerEdits) logger.action('keep', change.path, change.reason ?? 'your edits; nothing new from create-auth');
    else if (options.conflicts?.includes(change)) {
      logger.action(verb, change.path, 'CONFLICT: it has changes create-auth did not make');
    } else if (verb === 'skip') upToDate += 1;
    else logger.action(verb, change.path, change.reason);
    if (options.withDiffs && verb !== 'skip') {
      const diff = renderChangeDiff(change).split('\n').map(logger.colorDiffLine).join('\n');
      logger.block(diff);
    }
  }
  if (upToDate > 0) logger.action('skip', `${upToDate} ${upToDate === 1 ? 'file' : 'files'}`, 'already up to date');
  for (const step of plan.manualSteps) {
    logger.action('manual', step.path, step.problem);
    logger.block(step.instructions);
  }
}
