/**
 * Template changes replace whole files, so they must not silently destroy the
 * owner's edits: a file the owner changed since create-auth wrote it is a
 * conflict. Interactive runs ask (default no); --force overwrites; otherwise the
 * command stops before writing anything.
 */
import { confirm } from '@inquirer/prompts';

import { logger } from '../util/logger.js';
import { UserError } from '../util/user-error.js';
import { isChangedByOwner, type Manifest } from './manifest.js';
import { changeVerb, type FileChange, type Plan } from './plan.js';

export interface ConflictPolicy {
  interactive: boolean;
  force: boolean;
}

/** The template changes that would overwrite the owner's edits. */
export function findConflicts(plan: Plan, manifest: Manifest | null): FileChange[] {
  return plan.changes.filter(
    (change) =>
      change.kind === 'template' &&
      changeVerb(change) !== 'skip' &&
      isChangedByOwner(manifest, change.path, change.before),
  );
}

/** The plan without the conflicting changes the owner chose to keep. */
export async function resolveConflicts(
  plan: Plan,
  manifest: Manifest | null,
  policy: ConflictPolicy,
): Promise<{ plan: Plan; kept: string[] }> {
  const conflicts = findConflicts(plan, manifest);
  if (conflicts.length === 0 || policy.force) return { plan, kept: [] };
  if (!policy.interactive) throw conflictError(conflicts);
  const kept: string[] = [];
  for (const change of conflicts) {
    const overwrite = await confirm({
      message: `${change.path} has changes create-auth did not make. Overwrite it?`,
      default: false,
    });
    if (!overwrite) kept.push(change.path);
  }
  for (const path of kept) logger.action('keep', path, 'your version is kept');
  const keep = (change: FileChange): FileChange =>
    kept.includes(change.path) ? { ...change, after: change.before, keptOwnerEdits: true } : change;
  return { plan: { ...plan, changes: plan.changes.map(keep) }, kept };
}

function conflictError(conflicts: FileChange[]): UserError {
  const list = conflicts.map((change) => `  ${change.path}`).join('\n');
  return new UserError(
    `These files would be replaced, but you changed them (or create-auth did not write them):\n${list}\nNothing was written.`,
    'In a terminal, run again without --yes to choose file by file; or run with --force to overwrite them, or with --dry-run to see the diffs.',
  );
}
