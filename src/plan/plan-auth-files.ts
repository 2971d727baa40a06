/**
 * The template half of a plan: the auth folder's files, rendered for the chosen
 * backends and the project's import style.
 */
import { join, posix } from 'node:path';

import type { BackendChoice, DatabaseProvider, Framework } from '../options.js';
import { databaseUrlSource } from '../prisma/database-url-source.js';
import type { ProjectInfo } from '../project/detect-project.js';
import { formatEdit, type ProjectFormatter } from '../project/project-formatter.js';
import { detectUserModel } from '../project/detect-user-model.js';
import { type RenderContext, renderAuthFiles } from '../render/render-auth.js';
import { moduleSpecifier, projectPath, withoutExtension } from '../util/paths.js';
import type { EditResult } from '../codemods/edit-backends-list.js';
import { readOrNull } from '../util/read-or-null.js';
import { UserError } from '../util/user-error.js';
import type { Manifest } from './manifest.js';
import { type FileChange, fileChange } from './plan.js';
import { planTemplateFiles } from './plan-template-files.js';

/** What the owner chose for the auth system. */
export interface AuthChoices {
  framework: Framework;
  backends: BackendChoice[];
  database: DatabaseProvider;
  /** Project-relative posix folder for the auth code. */
  authDir: string;
  /** The Prisma model that holds the users (`User` unless the owner's is called otherwise). */
  userModel: string;
}

/** The render context for a project, its choices and the User id type. */
export function authRenderContext(
  project: ProjectInfo,
  choices: AuthChoices,
  userIdType: 'Int' | 'String',
): RenderContext {
  const userModel = detectUserModel(project.prisma.files, choices.userModel);
  return {
    backends: choices.backends,
    framework: choices.framework,
    importExtension: project.importExtension,
    userIdType,
    userModel: choices.userModel,
    userFields: (userModel?.requiredFields ?? []).flatMap(({ name, zod }) => (zod ? [{ name, zod }] : [])),
    hiddenUserFields: userModel?.credentials.hidden ?? [],
    passwordColumns: userModel?.credentials.filledWithHash ?? [],
    prisma: {
      instanceSpecifier: project.prismaInstance
        ? importFromAuthDir(project, choices.authDir, withoutExtension(project.prismaInstance.path))
        : null,
      instanceExport: project.prismaInstance?.exportName ?? 'prisma',
      clientSpecifier: clientSpecifier(project, choices.authDir),
      provider: choices.database,
      usesDriverAdapter: usesDriverAdapter(project),
      majorVersion: prismaMajor(project),
      urlVariable: urlVariable(project),
    },
  };
}

// The variable the generated db.ts checks or reads: the one Prisma itself reads the URL from.
function urlVariable(project: ProjectInfo): string | null {
  const { configured } = databaseUrlSource(project.prisma, project.root);
  return 'env' in configured ? configured.env : null;
}

function prismaMajor(project: ProjectInfo): number {
  return Number(project.prismaClientVersion?.split('.')[0] ?? 7);
}

/**
 * Whether a client the auth code creates goes through a driver adapter: before
 * Prisma 7, `prisma-client-js` runs on the native engine unless engineType = "client".
 */
export function usesDriverAdapter(project: ProjectInfo): boolean {
  const generator = project.prisma.generator;
  const nativeEngine = generator?.provider === 'prisma-client-js' && generator.engineType !== 'client';
  return !(nativeEngine && prismaMajor(project) < 7);
}

/** The generated client's import specifier as seen from the auth folder. */
function clientSpecifier(project: ProjectInfo, authDir: string): string {
  const generator = project.prisma?.generator;
  if (!generator?.output) return '@prisma/client';
  // prisma-client writes client.ts into its output; prisma-client-js makes the folder a package.
  const entry = generator.provider === 'prisma-client' ? 'client' : 'index';
  return importFromAuthDir(project, authDir, posix.join(projectPath(project.root, generator.output), entry));
}

// The render gives relative specifiers the import extension; an alias one comes complete.
// Without extensions, a folder's index is imported as the folder (`@/db`, not `@/db/index`).
function importFromAuthDir(project: ProjectInfo, authDir: string, module: string): string {
  const target = project.importExtension === '' ? module.replace(/\/index$/, '') : module;
  const specifier = moduleSpecifier(authDir, target, project.importAlias);
  return specifier.startsWith('.') ? specifier : specifier + project.importExtension;
}

/** The auth folder's changes, and what went wrong formatting them. */
export interface AuthFilesPlan {
  changes: FileChange[];
  warnings: string[];
}

/**
 * The auth folder's template changes: creates, updates, kept edits and deletions.
 * With the project's formatter, the files are rendered as it formats them.
 */
export async function planAuthFiles(
  project: ProjectInfo,
  choices: AuthChoices,
  context: RenderContext,
  manifest: Manifest | null,
  options: {
    editList?: (text: string) => EditResult;
    formatter?: ProjectFormatter | null;
  } = {},
): Promise<AuthFilesPlan> {
  const { files: rendered, warnings } = await formatted(
    renderAuthFiles(context).map((file) => ({ path: posix.join(choices.authDir, file.path), content: file.content })),
    options.formatter ?? null,
  );
  const formatter = options.formatter ?? null;
  return { changes: await templateChanges(project, choices, rendered, manifest, options.editList, formatter), warnings };
}

async function formatted(
  files: { path: string; content: string }[],
  formatter: ProjectFormatter | null,
): Promise<{ files: { path: string; content: string }[]; warnings: string[] }> {
  if (!formatter) return { files, warnings: [] };
  const warnings: string[] = [];
  const result = await Promise.all(
    files.map(async (file) => {
      const { text, error } = await formatter.format(file.path, file.content);
      if (error) warnings.push(`${formatter.description} could not format ${file.path} (${error}); it is written as rendered.`);
      return { path: file.path, content: text };
    }),
  );
  return { files: result, warnings };
}

async function templateChanges(
  project: ProjectInfo,
  choices: AuthChoices,
  rendered: { path: string; content: string }[],
  manifest: Manifest | null,
  editList: ((text: string) => EditResult) | undefined,
  formatter: ProjectFormatter | null,
): Promise<FileChange[]> {
  const listPath = posix.join(choices.authDir, BACKENDS_FILE);
  if (!editList) return planTemplateFiles(project.root, choices.authDir, rendered, manifest);
  const changes = planTemplateFiles(
    project.root,
    choices.authDir,
    rendered.filter((file) => file.path !== listPath),
    manifest,
    { editedInPlace: [listPath] },
  );
  const edit = planListEdit(project.root, listPath, editList);
  const listEdit = { ...edit, after: await formatEdit(formatter, listPath, edit.before, edit.after) };
  const template = rendered.find((file) => file.path === listPath)?.content;
  changes.push({ ...listEdit, matchesTemplate: listEdit.after === template });
  return changes;
}

/** The generated file holding the ordered list of backends. */
export const BACKENDS_FILE = 'backends.ts';

function planListEdit(root: string, path: string, edit: (text: string) => EditResult): FileChange {
  const before = readOrNull(join(root, path));
  if (before === null) {
    throw new UserError(`${path} does not exist.`, 'Run create-auth init first, or restore the file.');
  }
  const result = edit(before);
  if ('problem' in result) {
    throw new UserError(
      `Could not edit the backends list in ${path}: ${result.problem}. Nothing was written.`,
      'create-auth edits `export const backends = [ ... ]`, an array literal of `{ name, transport, strategy }` ' +
        `objects. Make it one again and rerun, or edit it by hand:\n${result.manualEdit ?? ''}`,
    );
  }
  return fileChange(path, before, result.text, 'codemod', 'the backends list');
}
