/**
 * Type-checks the project with its own TypeScript (`tsc --noEmit`) and sorts the
 * errors by the file they are in: files create-auth touched, the project's other
 * files, and installed packages' declarations, since many projects in the wild do
 * not type-check cleanly to begin with.
 */
import { isAbsolute } from 'node:path';

import { execa } from 'execa';

import { findUp } from '../util/find-up.js';
import { readTsconfig } from './read-tsconfig.js';

/** A project's type error lines, sorted by the file each one is in. */
export interface SortedTypeErrors {
  /** Error lines in files create-auth wrote or edited. */
  ours: string[];
  /** Error lines in the project's other files: the owner's. */
  yours: string[];
  /** Error lines in installed packages' type declarations. */
  packages: string[];
}

export interface TypecheckResult extends SortedTypeErrors {
  ran: boolean;
  /** Whether tsconfig.json (with what it extends) turns skipLibCheck on. */
  skipLibCheck: boolean;
}

// `file(line,col): error TSnnnn: message`, as `tsc --pretty false` prints it.
const ERROR_LINE = /^(.+?)\(\d+,\d+\): error TS\d+:/;

/** Runs the project's `tsc --noEmit`; `ran` is false when the project has no local TypeScript. */
export async function typecheckProject(
  projectDir: string,
  touchedFiles: string[],
  signal?: AbortSignal,
): Promise<TypecheckResult> {
  const skipLibCheck = readTsconfig(projectDir)?.skipLibCheck ?? false;
  const tsc = findUp(projectDir, 'node_modules/.bin/tsc');
  if (!tsc) return { ran: false, skipLibCheck, ours: [], yours: [], packages: [] };
  const result = await execa(tsc, ['--noEmit', '--pretty', 'false'], {
    cwd: projectDir,
    reject: false,
    ...(signal ? { cancelSignal: signal } : {}),
  });
  return { ran: true, skipLibCheck, ...sortTypeErrors(`${result.stdout}\n${result.stderr}`, touchedFiles) };
}

/**
 * Sorts tsc's error lines by the file each one names before `(line,col)`, never by
 * its message: a message may well quote a path inside node_modules.
 * `touchedFiles` are project-relative posix paths, as tsc prints them when run in
 * the project's folder.
 */
export function sortTypeErrors(output: string, touchedFiles: string[]): SortedTypeErrors {
  const touched = new Set(touchedFiles);
  const sorted: SortedTypeErrors = { ours: [], yours: [], packages: [] };
  for (const line of output.split(/\r?\n/)) {
    const file = ERROR_LINE.exec(line)?.[1]?.replaceAll('\\', '/');
    if (file === undefined) continue;
    if (touched.has(file)) sorted.ours.push(line);
    else if (isPackageDeclaration(file)) sorted.packages.push(line);
    else sorted.yours.push(line);
  }
  return sorted;
}

// Under node_modules (a workspace's too), or a declaration file from outside the
// project's folder (a global TypeScript's lib.d.ts, a types root elsewhere).
function isPackageDeclaration(file: string): boolean {
  if (/(^|\/)node_modules\//.test(file)) return true;
  const outside = file.startsWith('../') || isAbsolute(file) || /^[A-Za-z]:\//.test(file);
  return outside && /\.d\.[cm]?ts$/.test(file);
}
