/**
 * Project shapes beyond the fixtures' own: a workspace package run from its own
 * folder, whose lockfile and node_modules live in the workspace root, with a
 * package manager that is not installed on this machine.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { fixtureDepsDir } from '../support/fixture-deps.js';
import { removeProject, runCli } from '../support/temp-project.js';
import { REPO_ROOT } from '../support/fixture-deps.js';

const folders: string[] = [];

afterEach(() => {
  for (const dir of folders.splice(0)) removeProject(dir);
});

/**
 * A pnpm workspace holding the Hono fixture as packages/api. Its node_modules (in
 * the root, as pnpm hoists with `node-linker=hoisted`) has every shared package but
 * `missing`, so create-auth has something to install.
 */
async function workspace(...missing: string[]): Promise<{ root: string; api: string }> {
  const root = mkdtempSync(join(tmpdir(), 'create-auth-workspace-'));
  folders.push(root);
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'acme', private: true }, null, 2));
  writeFileSync(join(root, 'pnpm-workspace.yaml'), 'packages:\n  - packages/*\n');
  writeFileSync(join(root, 'pnpm-lock.yaml'), "lockfileVersion: '9.0'\n");
  const api = join(root, 'packages/api');
  cpSync(join(REPO_ROOT, 'test/fixtures/hono-cjs-sqlite'), api, { recursive: true });
  writeFileSync(join(api, '.env'), 'DATABASE_URL="file:./dev.db"\n');
  const shared = realpathSync(join(await fixtureDepsDir(), 'node_modules'));
  linkAllBut(shared, join(root, 'node_modules'), missing);
  return { root, api };
}

// Links each package of `from` into `to` but the missing ones (`@scope/name` too).
function linkAllBut(from: string, to: string, missing: string[]): void {
  mkdirSync(to);
  for (const entry of readdirSync(from)) {
    if (missing.includes(entry)) continue;
    const inScope = missing.filter((name) => name.startsWith(`${entry}/`)).map((name) => name.slice(entry.length + 1));
    if (inScope.length > 0) linkAllBut(join(from, entry), join(to, entry), inScope);
    else symlinkSync(join(from, entry), join(to, entry));
  }
}

/** A PATH whose `pnpm` fails to start, as on a machine without pnpm (whether or not this one has it). */
function withoutPnpm(): Record<string, string> {
  const bin = mkdtempSync(join(tmpdir(), 'create-auth-no-pnpm-'));
  folders.push(bin);
  writeFileSync(join(bin, 'pnpm'), '#!/bin/sh\necho "pnpm: not found" >&2\nexit 127\n', { mode: 0o755 });
  return { PATH: `${bin}${delimiter}${process.env.PATH ?? ''}` };
}

describe('init in a workspace package', () => {
  it('uses the workspace’s pnpm, says it is not installed, and prints the command instead', async () => {
    const { root, api } = await workspace('jsonwebtoken');
    const lockfile = readFileSync(join(root, 'pnpm-lock.yaml'), 'utf8');
    const run = await runCli(api, ['init', '--yes', '--backends', 'bearer-jwt'], withoutPnpm());

    expect(run.exitCode, run.all).toBe(0);
    expect(run.all).toContain('package manager  pnpm (../../pnpm-lock.yaml)');
    expect(run.all).toContain('(pnpm is not installed, or refused to start), so nothing was installed. Run: pnpm install');
    const pkg = JSON.parse(readFileSync(join(api, 'package.json'), 'utf8'));
    expect(pkg.dependencies.jsonwebtoken).toBe('9.0.3');
    expect(readFileSync(join(root, 'pnpm-lock.yaml'), 'utf8')).toBe(lockfile);
    // The workspace root's TypeScript ran (@types/jsonwebtoken is there, so it passes).
    expect(run.all).toContain('The project type-checks where create-auth touched it.');
  });

  it('finds the root’s packages, TypeScript and Prisma CLI, and type-checks clean', async () => {
    const { api } = await workspace('no-such-package');
    const run = await runCli(api, ['init', '--yes', '--backends', 'bearer-jwt,cookie-database'], withoutPnpm());

    expect(run.exitCode, run.all).toBe(0);
    // Every package is in the root's node_modules, but package.json changed and the
    // lockfile must follow: the install command is still named.
    expect(run.all).toContain('so nothing was installed. Run: pnpm install');
    expect(run.all).toContain('The project type-checks where create-auth touched it.');
    expect(readdirSync(join(api, 'prisma/migrations')).some((name) => name.endsWith('_create_auth'))).toBe(true);
  });

  it('names the type errors that only wait for the install, apart from real ones', async () => {
    const { api } = await workspace('jsonwebtoken', '@types/jsonwebtoken');
    const run = await runCli(api, ['init', '--yes', '--backends', 'bearer-jwt'], withoutPnpm());

    expect(run.exitCode, run.all).toBe(0);
    expect(run.all).toMatch(
      /The project type-checks where create-auth touched it, but for \d+ error\(s\) about jsonwebtoken, @types\/jsonwebtoken, which are not installed yet\. They go once you run: pnpm install/,
    );
    expect(run.all).not.toContain('in files create-auth wrote or edited');
  });
});
