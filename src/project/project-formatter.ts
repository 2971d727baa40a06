/**
 * The project's own Prettier, so the files create-auth renders read like the
 * owner's code (quotes, semicolons, width) and pass their `prettier --check`.
 * It is the Prettier the project resolves, with the project's config and
 * ignore file; create-auth never brings one of its own.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import type { PackageJson } from './read-package-json.js';

/** The part of Prettier's API create-auth uses (the same in Prettier 2 and 3). */
interface PrettierApi {
  format(source: string, options: Record<string, unknown>): string | Promise<string>;
  resolveConfig(path: string, options: { editorconfig: boolean }): Promise<Record<string, unknown> | null>;
  resolveConfigFile(path: string): Promise<string | null>;
  getFileInfo(path: string, options: { ignorePath: string }): Promise<{ ignored: boolean }>;
}

/** Formats one project file's text; gives back the text unchanged when Prettier cannot. */
export interface ProjectFormatter {
  /** "prettier 3.4.2 (.prettierrc)", for the run's report. */
  description: string;
  format(projectPath: string, text: string): Promise<{ text: string; error?: string }>;
}

/**
 * The formatter for a project that uses Prettier: it declares the package, or a
 * Prettier config applies to it (a workspace root's, say). Null otherwise, and
 * when no Prettier is installed where the project would find it.
 */
export async function loadProjectFormatter(root: string, packageJson: PackageJson): Promise<ProjectFormatter | null> {
  const entry = resolveFrom(root, 'prettier');
  if (!entry) return null;
  let prettier: PrettierApi;
  let configFile: string | null;
  try {
    prettier = normalize(await import(pathToFileURL(entry).href));
    configFile = await prettier.resolveConfigFile(join(root, 'package.json'));
  } catch {
    return null; // A Prettier that does not load (or a config it cannot read) formats nothing.
  }
  const declared = Boolean(packageJson.dependencies?.prettier ?? packageJson.devDependencies?.prettier);
  if (!declared && !configFile) return null;
  const version = (createRequire(entry)('prettier/package.json') as { version: string }).version;
  const ignorePath = join(root, '.prettierignore');
  return {
    description: `prettier ${version}${configFile ? ` (${configFile.slice(root.length + 1) || configFile})` : ''}`,
    async format(projectPath, text) {
      const path = join(root, projectPath);
      try {
        if ((await prettier.getFileInfo(path, { ignorePath })).ignored) return { text };
        const options = (await prettier.resolveConfig(path, { editorconfig: true })) ?? {};
        return { text: await prettier.format(text, { ...options, filepath: path }) };
      } catch (error) {
        return { text, error: error instanceof Error ? error.message.split('\n')[0] : String(error) };
      }
    },
  };
}

/**
 * An edited file through the formatter, when the file was formatted before the
 * edit: our inserted lines then read like the rest. A file the owner keeps
 * unformatted stays as edited, so we never reformat what they wrote.
 */
export async function formatEdit(
  formatter: ProjectFormatter | null,
  path: string,
  before: string | null,
  after: string | null,
): Promise<string | null> {
  if (!formatter || before === null || after === null || before === after) return after;
  if ((await formatter.format(path, before)).text !== before) return after;
  const { text, error } = await formatter.format(path, after);
  return error ? after : text;
}

function resolveFrom(root: string, name: string): string | null {
  try {
    return createRequire(join(root, 'package.json')).resolve(name);
  } catch {
    return null;
  }
}

// Prettier 3's CommonJS entry puts its API on the default export when imported.
function normalize(module: { default?: unknown }): PrettierApi {
  const api = (module as Partial<PrettierApi>).format ? module : module.default;
  return api as PrettierApi;
}
