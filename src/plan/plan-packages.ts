/**
 * The package.json half of a plan: packages the generated code needs are added
 * (an owner's own version range is kept); with removeUnusedPackages, packages
 * create-auth itself added and nothing imports any more are taken out again.
 */
import { join } from 'node:path';

import type { ProjectInfo } from '../project/detect-project.js';
import { readOrNull } from '../util/read-or-null.js';
import type { Manifest } from './manifest.js';
import { type DependencyChanges, planPackageJson } from './plan-package-json.js';
import type { FileChange } from './plan.js';

export interface PackagesPlan {
  text: string;
  /** Every package create-auth added and that stays: the manifest's record. */
  addedByUs: string[];
  /** What the owner should know: each removal, and why. */
  notes: string[];
  /** The packages taken out of package.json (the lockfile follows at install). */
  removed: string[];
}

/** The new package.json text and the record of what create-auth added. */
export function planPackages(
  project: ProjectInfo,
  wanted: DependencyChanges,
  manifest: Manifest | null,
  authFiles: FileChange[],
  options: { removeUnusedPackages?: boolean },
): PackagesPlan {
  const added = planPackageJson(project.packageJsonText, wanted);
  const addedByUs = [...new Set([...(manifest?.addedDependencies ?? []), ...added.added])];
  if (!options.removeUnusedPackages) return { text: added.text, addedByUs, notes: [], removed: [] };

  const needed = new Set([...Object.keys(wanted.dependencies), ...Object.keys(wanted.devDependencies)]);
  const sources = remainingSources(project, authFiles);
  const unused = addedByUs.filter((name) => !needed.has(name) && !isImported(name, sources));
  const text = removePackages(added.text, unused);
  return {
    text,
    addedByUs: addedByUs.filter((name) => !unused.includes(name)),
    notes: unused.map((name) => `package.json: ${name} is to be removed (create-auth added it; nothing imports it now).`),
    removed: unused,
  };
}

// The project's own sources plus the auth files that stay after the plan.
function remainingSources(project: ProjectInfo, authFiles: FileChange[]): string[] {
  const own = project.sourceFiles.map((path) => readOrNull(join(project.root, path)) ?? '');
  const auth = authFiles.flatMap((change) => (change.after === null ? [] : [change.after]));
  return [...own, ...auth];
}

function isImported(name: string, sources: string[]): boolean {
  const target = typedPackage(name);
  const pattern = new RegExp(`(from\\s+|require\\(\\s*|import\\(\\s*)['"]${escape(target)}(/[^'"]*)?['"]`);
  return sources.some((source) => pattern.test(source));
}

// @types/x is needed as long as x is imported (@types/scope__x for @scope/x).
function typedPackage(name: string): string {
  if (!name.startsWith('@types/')) return name;
  const bare = name.slice('@types/'.length);
  return bare.includes('__') ? `@${bare.replace('__', '/')}` : bare;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function removePackages(text: string, names: string[]): string {
  if (names.length === 0) return text;
  const json = JSON.parse(text) as Record<string, Record<string, string> | undefined>;
  for (const section of ['dependencies', 'devDependencies'] as const) {
    const entries = Object.entries(json[section] ?? {}).filter(([name]) => !names.includes(name));
    if (json[section]) json[section] = Object.fromEntries(entries);
  }
  const indent = /^(\s+)"/m.exec(text)?.[1] ?? '  ';
  return `${JSON.stringify(json, null, indent)}${text.endsWith('\n') ? '\n' : ''}`;
}
