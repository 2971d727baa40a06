/** Whether git would ignore a file, so secrets written to it stay out of commits. */
import { join } from 'node:path';

import { execa } from 'execa';
import ignore from 'ignore';

import { readOrNull } from '../util/read-or-null.js';

/**
 * Asks git itself (`git check-ignore`) inside a repository; outside one, matches
 * the project's .gitignore with git's own pattern rules.
 */
export async function isGitIgnored(projectDir: string, path: string): Promise<boolean> {
  const result = await execa('git', ['check-ignore', '-q', path], { cwd: projectDir, reject: false });
  if (result.exitCode === 0) return true;
  if (result.exitCode === 1) return false;
  const gitignore = readOrNull(join(projectDir, '.gitignore'));
  return gitignore !== null && ignore().add(gitignore).ignores(path);
}
