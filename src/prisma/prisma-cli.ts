/**
 * Running the owner's own Prisma CLI (node_modules/.bin/prisma), for the few
 * things create-auth leaves to it: `prisma generate`, and migrations on MySQL,
 * which the bundled WebAssembly schema engine does not drive.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { execa } from 'execa';

import { findUp } from '../util/find-up.js';
import { UserError } from '../util/user-error.js';

/** The project's Prisma CLI. */
export interface PrismaCli {
  bin: string;
  /** Major version of the installed `prisma` package (0 when unknown). */
  major: number;
}

/** The result of one CLI run; `output` is stdout and stderr together, for messages. */
export interface PrismaCliRun {
  exitCode: number;
  stdout: string;
  output: string;
}

/** The project's installed Prisma CLI, or a UserError saying how to install it. */
export function findPrismaCli(projectDir: string): PrismaCli {
  const name = process.platform === 'win32' ? 'prisma.cmd' : 'prisma';
  const bin = findUp(projectDir, join('node_modules', '.bin', name));
  if (!bin) {
    throw new UserError(
      `The Prisma CLI is not installed in ${projectDir}.`,
      'Install it with `npm install --save-dev prisma` (the same version as @prisma/client), then run create-auth again.',
    );
  }
  return { bin, major: installedMajor(projectDir) };
}

function installedMajor(projectDir: string): number {
  try {
    const manifest = findUp(projectDir, join('node_modules', 'prisma', 'package.json')) ?? '';
    const version = (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version;
    return Number.parseInt(version ?? '', 10) || 0;
  } catch {
    return 0;
  }
}

/** Runs the CLI; never throws for a non-zero exit, so callers can read the output. */
export async function runPrismaCli(
  cli: PrismaCli,
  args: string[],
  options: { cwd: string; env?: Record<string, string>; signal?: AbortSignal },
): Promise<PrismaCliRun> {
  const result = await execa(cli.bin, args, {
    cwd: options.cwd,
    env: { ...options.env, CI: '1' },
    reject: false,
    all: true,
    stdin: 'ignore',
    ...(options.signal ? { cancelSignal: options.signal } : {}),
  });
  return { exitCode: result.exitCode ?? 1, stdout: result.stdout, output: result.all ?? '' };
}

/**
 * True when the CLI failed because it could not download its schema engine,
 * which it does on first use of almost every command (offline machines,
 * blocked networks).
 */
export function isEngineDownloadFailure(output: string): boolean {
  return (
    output.includes('binaries.prisma.sh') ||
    (/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT/.test(output) && /engine/i.test(output))
  );
}
