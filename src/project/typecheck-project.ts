/**
 * Type-checks the project with its own TypeScript (`tsc --noEmit`) and sorts the
 * errors into those in files create-auth touched and those elsewhere, since many
 * projects in the wild do not type-check cleanly to begin with.
 */
import { execa } from 'execa';

import { findUp } from '../util/find-up.js';

export interface TypecheckResult {
  ran: boolean;
  /** Error lines in files create-auth wrote or edited. */
  ours: string[];
  /** Error lines anywhere else. */
  others: string[];
}

const ERROR_LINE = /^(.+?)\(\d+,\d+\): error TS\d+:/;

/** Runs the project's `tsc --noEmit`; `ran` is false when the project has no local TypeScript. */
export async function typecheckProject(
  projectDir: string,
  touchedFiles: string[],
  signal?: AbortSignal,
): Promise<TypecheckResult> {
  const tsc = findUp(projectDir, 'node_modules/.bin/tsc');
  if (!tsc) return { ran: false, ours: [], others: [] };
  const result = await execa(tsc, ['--noEmit', '--pretty', 'false'], {
    cwd: projectDir,
    reject: false,
    ...(signal ? { cancelSignal: signal } : {}),
  });
  const errors = `${result.stdout}\n${result.stderr}`.split('\n').filter((line) => ERROR_LINE.test(line));
  const touched = new Set(touchedFiles);
  const isOurs = (line: string) => touched.has(ERROR_LINE.exec(line)?.[1]?.replaceAll('\\', '/') ?? '');
  return { ran: true, ours: errors.filter(isOurs), others: errors.filter((line) => !isOurs(line)) };
}
