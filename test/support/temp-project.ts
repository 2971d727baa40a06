/**
 * Real projects in temporary folders: a fixture copied out of the repository
 * with the shared packages linked in, the built CLI run on it, and a snapshot
 * of its files to prove a failed run changed nothing.
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

import { execa } from 'execa';

import { linkFixtureDeps, REPO_ROOT } from './fixture-deps.js';

/**
 * Copies a fixture (a path relative to the repository) to a new temporary folder,
 * or to `into` (a folder that does not exist yet, on a file system of the test's).
 */
export async function copyFixture(fixture: string, options: { link?: boolean; into?: string } = {}): Promise<string> {
  const dir = options.into ?? mkdtempSync(join(tmpdir(), 'create-auth-test-'));
  cpSync(join(REPO_ROOT, fixture), dir, { recursive: true });
  if (options.link ?? true) await linkFixtureDeps(dir);
  return dir;
}

/** The bundled example with the .env its README has users copy; the folder is added to `owner`. */
export async function copyExample(owner: string[], options: { into?: string } = {}): Promise<string> {
  const dir = await copyFixture('examples/express-sqlite', options);
  owner.push(dir);
  cpSync(join(dir, '.env.example'), join(dir, '.env'));
  return dir;
}

/** What a CLI run printed (stdout and stderr interleaved) and how it exited. */
export interface CliRun {
  exitCode: number;
  all: string;
}

/** The built CLI (bin/create-auth.js) started in a project, for a test to signal or await. */
export function startCli(projectDir: string, args: string[], env: Record<string, string> = {}) {
  return execa('node', [join(REPO_ROOT, 'bin/create-auth.js'), ...args], {
    cwd: projectDir,
    env: { NO_COLOR: '1', ...env },
    reject: false,
    all: true,
    stdin: 'ignore',
  });
}

/** Runs the built CLI in a project; never throws on a non-zero exit. */
export async function runCli(
  projectDir: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<CliRun> {
  const result = await startCli(projectDir, args, env);
  return { exitCode: result.exitCode ?? 1, all: result.all ?? '' };
}

/** Every file below the folder (node_modules aside) with a hash of its bytes. */
export function snapshotTree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      if (entry.name === 'node_modules') continue;
      const path = join(current, entry.name);
      if (entry.isDirectory()) walk(path);
      else files[relative(dir, path)] = createHash('sha256').update(readFileSync(path)).digest('hex');
    }
  };
  walk(dir);
  return files;
}

/** Removes a temporary project. */
export function removeProject(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
