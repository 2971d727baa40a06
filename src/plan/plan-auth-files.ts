/**
 * The template half of a plan: the auth folder's files, rendered for the chosen
 * backends and the project's import style.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';

import type { BackendChoice, DatabaseProvider, Framework } from '../options.js';
import type { ProjectInfo } from '../project/detect-project.js';
import { type RenderContext, renderAuthFiles } from '../render/render-auth.js';
import { projectPath, relativeSpecifier, withoutExtension } from '../util/paths.js';
import { type FileChange, fileChange } from './plan.js';

/** What the owner chose for the auth system. */
export interface AuthChoices {
  framework: Framework;
  backends: BackendChoice[];
  database: DatabaseProvider;
  /** Project-relative posix folder for the auth code. */
  authDir: string;
}

/** The render context for a project, its choices and the User id type. */
export function authRenderContext(
  project: ProjectInfo,
  choices: AuthChoices,
  userIdType: 'Int' | 'String',
): RenderContext {
  return {
    backends: choices.backends,
    framework: choices.framework,
    importExtension: project.importExtension,
    userIdType,
    prisma: {
      instanceSpecifier: project.prismaInstance
        ? relativeSpecifier(choices.authDir, withoutExtension(project.prismaInstance.path))
        : null,
      instanceExport: project.prismaInstance?.exportName ?? 'prisma',
      clientSpecifier: clientSpecifier(project, choices.authDir),
      provider: choices.database,
    },
  };
}

/** The generated client's import specifier as seen from the auth folder. */
function clientSpecifier(project: ProjectInfo, authDir: string): string {
  const generator = project.prisma?.generator;
  if (!generator || generator.provider === 'prisma-client-js' || !generator.output) {
    return '@prisma/client';
  }
  return relativeSpecifier(authDir, posix.join(projectPath(project.root, generator.output), 'client'));
}

/** One template change per rendered file. */
export function planAuthFiles(project: ProjectInfo, choices: AuthChoices, context: RenderContext): FileChange[] {
  return renderAuthFiles(context).map((file) => {
    const path = posix.join(choices.authDir, file.path);
    return fileChange(path, readOrNull(join(project.root, path)), file.content, 'template');
  });
}

/** A file's text, or null when it does not exist. */
export function readOrNull(path: string): string | null {
  return existsSync(path) ? readFileSync(path, 'utf8') : null;
}
