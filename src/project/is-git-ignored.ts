/** Whether git would ignore a file, so secrets written to it stay out of commits. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { execa } from 'execa';

/**
 * Asks git itself (`git check-ignore`) inside a repository; outside one, reads the
 * project's .gitignore for a line that names the file.
 */
export async function isGitIgnored(projectDir: string, path: string): Promise<boolean> {
  const result = await execa('git', ['check-ignore', '-q', path], { cwd: projectDir, reject: false });
  if (result.exitCode === 0) return true;
  if (result.exitCode === 1) return false;
  const gitignore = join(projectDir, '.gitignore');
  if (!existsSync(gitignore)) return false;
  const patterns = readFileSync(gitignore, 'utf8').split(/\r?\n/).map((line) => line.trim());
  return patterns.some((pattern) => [path, `/${path}`, `${path}*`, '.env*', '*.env'].includes(pattern));
}
