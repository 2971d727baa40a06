/** Reads the project's package.json, the first thing every command needs. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { UserError } from '../util/user-error.js';

export interface PackageJson {
  name?: string;
  type?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  prisma?: { schema?: string };
  [key: string]: unknown;
}

/** The parsed package.json and its text, or a UserError saying what to do. */
export function readPackageJson(projectDir: string): { json: PackageJson; text: string } {
  if (!existsSync(projectDir)) {
    throw new UserError(`The folder ${projectDir} does not exist.`, 'Check the path given to --cwd.');
  }
  const path = join(projectDir, 'package.json');
  if (!existsSync(path)) {
    throw new UserError(
      `No package.json in ${projectDir}.`,
      'Run create-auth in the root of your Node project, or point --cwd at it.',
    );
  }
  const text = readFileSync(path, 'utf8');
  try {
    return { json: JSON.parse(text) as PackageJson, text };
  } catch (error) {
    throw new UserError(
      `package.json is not valid JSON: ${(error as Error).message}`,
      'Fix package.json, then run create-auth again.',
    );
  }
}

/** The version range a package is declared with, in dependencies or devDependencies. */
export function declaredVersion(json: PackageJson, name: string): string | undefined {
  return json.dependencies?.[name] ?? json.devDependencies?.[name];
}
