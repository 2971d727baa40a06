/** Prints a plan: one action line per file, with unified diffs on request. */
import { createTwoFilesPatch } from 'diff';

import { logger } from '../util/logger.js';
import { changeVerb, type FileChange, type Plan } from './plan.js';

/** A unified diff of one change, `a/` and `b/` prefixed like git's; secrets in env files hidden. */
export function renderChangeDiff(change: FileChange): string {
  const hide = isEnvFile(change.path) ? hideSecrets : (text: string) => text;
  const patch = createTwoFilesPatch(
    change.before === null ? '/dev/null' : `a/${change.path}`,
    change.after === null ? '/dev/null' : `b/${change.path}`,
    hide(change.before ?? ''),
    hide(change.after ?? ''),
    undefined,
    undefined,
    { context: 3 },
  );
  // jsdiff opens with an "Index:" line (some versions) and a "====" rule; git's diffs have neither.
  const lines = patch.split('\n');
  return lines.filter((line, i) => i > 1 || !/^(Index: |=+$)/.test(line)).join('\n').trimEnd();
}

const SECRET_NAME = /SECRET|PASSWORD|TOKEN|PRIVATE|_KEY$|^KEY$/i;

function isEnvFile(path: string): boolean {
  return /(^|\/)\.env(\.[\w.-]+)?$/.test(path);
}

// A diff is printed to terminals and CI logs, where a fresh secret must not appear,
// nor the password in a connection URL (postgresql://user:password@host).
function hideSecrets(text: string): string {
  return text.replace(/^(\s*(?:export\s+)?([\w.-]+)\s*=\s*)(.+)$/gm, (line, head: string, name: string, value: string) =>
    SECRET_NAME.test(name) ? `${head}<hidden>` : head + value.replace(/(\/\/[^:/@\s]*:)[^@\s]+@/, '$1<hidden>@'),
  );
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
