/**
 * Whole-file template changes, decided three ways: what create-auth last wrote
 * (the manifest's hash), what is on disk now, and what it would write today.
 * An owner's edit is only ever at stake when create-auth has something new for
 * that file; files it wrote earlier but no longer renders are deleted.
 */
import { join, posix } from 'node:path';

import { hashContent, isChangedByOwner, type Manifest } from './manifest.js';
import { readOrNull } from '../util/read-or-null.js';
import { fileChange, type FileChange } from './plan.js';

/** A rendered file, with a project-relative path. */
export interface TemplateFile {
  path: string;
  content: string;
}

/** Creates, updates, keeps and deletes for the files of one generated folder. */
export function planTemplateFiles(
  root: string,
  folder: string,
  rendered: TemplateFile[],
  manifest: Manifest | null,
  options: { editedInPlace?: string[] } = {},
): FileChange[] {
  const changes = rendered.map((file) => planOne(root, file, manifest));
  const renderedPaths = new Set([...rendered.map((file) => file.path), ...(options.editedInPlace ?? [])]);
  const orphans = Object.keys(manifest?.files ?? {})
    .filter((path) => path.startsWith(`${folder}/`) && !renderedPaths.has(path))
    .map((path) => ({ path, before: readOrNull(join(root, path)) }))
    .filter((orphan) => orphan.before !== null);
  const kept = keptOrphans(orphans, manifest);
  for (const orphan of orphans) {
    const reason = kept.get(orphan.path);
    changes.push(
      reason
        ? { ...fileChange(orphan.path, orphan.before, orphan.before, 'template'), keptOwnerEdits: true, reason }
        : fileChange(orphan.path, orphan.before, null, 'template', 'no backend uses it any more'),
    );
  }
  return changes;
}

/**
 * The unused files that stay, with why: those the owner changed, and every unused
 * file a kept one still imports, so nothing kept breaks.
 */
function keptOrphans(
  orphans: { path: string; before: string | null }[],
  manifest: Manifest | null,
): Map<string, string> {
  const kept = new Map<string, string>();
  for (const orphan of orphans) {
    if (isChangedByOwner(manifest, orphan.path, orphan.before)) {
      kept.set(orphan.path, 'no backend uses it, but you changed it: it stays');
    }
  }
  for (let grew = true; grew; ) {
    grew = false;
    for (const orphan of orphans.filter((candidate) => !kept.has(candidate.path))) {
      const importer = orphans.find((other) => kept.has(other.path) && imports(other, orphan.path));
      if (importer) {
        kept.set(orphan.path, `${importer.path}, which you kept, imports it`);
        grew = true;
      }
    }
  }
  return kept;
}

const RELATIVE_IMPORT = /from\s+['"](\.{1,2}\/[^'"]+)['"]/g;

function imports(file: { path: string; before: string | null }, target: string): boolean {
  const targetModule = target.replace(/\.ts$/, '');
  return [...(file.before ?? '').matchAll(RELATIVE_IMPORT)].some((match) => {
    const resolved = posix.join(posix.dirname(file.path), match[1] ?? '');
    return resolved.replace(/\.[cm]?[jt]s$/, '') === targetModule;
  });
}

function planOne(root: string, file: TemplateFile, manifest: Manifest | null): FileChange {
  const before = readOrNull(join(root, file.path));
  const recorded = manifest?.files[file.path];
  const ownerChanged = isChangedByOwner(manifest, file.path, before);
  if (before !== null && ownerChanged && recorded === hashContent(file.content)) {
    return { ...fileChange(file.path, before, before, 'template'), keptOwnerEdits: true };
  }
  return fileChange(file.path, before, file.content, 'template');
}

/**
 * The manifest's file hashes after a plan is applied: what was written, what the
 * owner kept (their file, under the hash create-auth last wrote), minus deletions.
 */
export function templateHashes(
  changes: FileChange[],
  manifest: Manifest | null,
): Record<string, string> {
  const hashes: Record<string, string> = {};
  for (const change of changes) {
    const recorded = manifest?.files[change.path];
    if (change.kind === 'codemod') {
      // A generated file edited in place (backends.ts): it stays "unchanged by the
      // owner" only if it was so before the edit, or if the edit made it exactly
      // what create-auth would write today.
      if (recorded && change.after !== null) {
        const untouched = change.before !== null && hashContent(change.before) === recorded;
        hashes[change.path] = untouched || change.matchesTemplate ? hashContent(change.after) : recorded;
      }
    } else if (change.keptOwnerEdits && recorded) hashes[change.path] = recorded;
    else if (change.after !== null) hashes[change.path] = hashContent(change.after);
  }
  return hashes;
}
