/**
 * A plan is the list of file changes a command will make, computed in memory
 * before anything is written, so it can be shown, diffed, confirmed and then
 * applied all at once (or not at all).
 */

/**
 * How a change was made, which decides how it treats the owner's edits:
 * a `template` change replaces the whole file; a `codemod` edits the file in
 * place and keeps whatever the owner wrote around the edit.
 */
export type ChangeKind = 'template' | 'codemod';

/** One file the command will create, change or delete. Paths are project-relative, posix. */
export interface FileChange {
  path: string;
  /** The file as it is now; null when it does not exist. */
  before: string | null;
  /** The file as the command leaves it; null to delete it. */
  after: string | null;
  kind: ChangeKind;
  /** A few words on why, shown after the action line. */
  reason?: string;
  /**
   * A template file the owner changed while create-auth has nothing new for it:
   * left as the owner wrote it (no change, shown as `keep`).
   */
  keptOwnerEdits?: boolean;
  /**
   * A codemod whose result is exactly what create-auth would write from its template
   * today: the file counts as create-auth's again, whatever the owner did before.
   */
  matchesTemplate?: boolean;
}

/** An edit the tool could not make itself, spelled out for the owner. */
export interface ManualStep {
  path: string;
  problem: string;
  instructions: string;
}

/** Everything a command will do to the project's files. */
export interface Plan {
  changes: FileChange[];
  manualSteps: ManualStep[];
}

/** The verb an action line shows for a change. */
export function changeVerb(change: FileChange): 'create' | 'update' | 'delete' | 'skip' {
  if (change.before === change.after) return 'skip';
  if (change.before === null) return 'create';
  if (change.after === null) return 'delete';
  return 'update';
}

/** The changes that actually change something. */
export function effectiveChanges(plan: Plan): FileChange[] {
  return plan.changes.filter((change) => changeVerb(change) !== 'skip');
}

/** A change to a file, or no change when the new content equals the old. */
export function fileChange(
  path: string,
  before: string | null,
  after: string | null,
  kind: ChangeKind,
  reason?: string,
): FileChange {
  return { path, before, after, kind, ...(reason ? { reason } : {}) };
}
