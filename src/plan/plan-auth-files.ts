/**
 * The template half of a plan: the auth folder's files, rendered for the chosen
 * backends and the project's import style.
 */
import { posix } from 'node:path';

import type { BackendChoice, DatabaseProvider, Framework } from '../options.js';
import type { ProjectInfo } from '../project/detect-project.js';
import { type RenderContext, renderAuthFiles } from '../render/render-auth.js';
import { projectPath, relativeSpecifier, withoutExtension } from '../util/paths.js';
import type { Manifest } from './manifest.js';
import type { FileChange } from './plan.js';
import { planTemplateFiles } from './plan-template-files.js';

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

/** The auth folder's template changes: creates, updates, kept edits and deletions. */
export function planAuthFiles(
  project: ProjectInfo,
  choices: AuthChoices,
  context: RenderContext,
  manifest: Manifest | null,
): FileChange[] {
  const rendered = renderAuthFiles(context).map((file) => ({
    path: posix.join(choices.authDir, file.path),
    content: file.content,
  }));
  return planTemplateFiles(project.root, choices.authDir, rendered, manifest);
}
