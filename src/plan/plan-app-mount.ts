/** The codemod half of a plan for the app file: mounting the auth routes. */
import { join, posix } from 'node:path';

import { manualMountStep, mountAuthRoutes } from '../codemods/mount-auth-routes.js';
import type { Framework } from '../options.js';
import { APP_CREATION } from '../project/detect-app-file.js';
import type { ProjectInfo } from '../project/detect-project.js';
import { moduleSpecifier } from '../util/paths.js';
import { readOrNull } from '../util/read-or-null.js';
import type { AuthChoices } from './plan-auth-files.js';
import { fileChange, type FileChange, type ManualStep } from './plan.js';

/** The name each framework's routes module exports for the app to mount. */
export const ROUTES_EXPORT: Record<Framework, string> = {
  express: 'authRouter',
  fastify: 'authRoutes',
  hono: 'authRoutes',
};

/** The app file edited to mount the routes, or the step to do by hand. */
export function planAppMount(
  project: ProjectInfo,
  choices: AuthChoices,
): { change: FileChange | null; manualStep: ManualStep | null } {
  const { framework } = choices;
  const routesModule = posix.join(choices.authDir, framework);
  const appFile = project.appFiles[framework] ?? null;
  const fromDir = appFile ? posix.dirname(appFile) : project.hasSrcDir ? 'src' : '.';
  const options = {
    path: appFile ?? 'the file that creates your app',
    specifier: moduleSpecifier(fromDir, routesModule, project.importAlias) + project.importExtension,
    exportName: ROUTES_EXPORT[framework],
  };
  if (!appFile) {
    const problem = `no file calls ${APP_CREATION[framework].text}`;
    return { change: null, manualStep: manualMountStep(framework, options, problem) };
  }
  const before = readOrNull(join(project.root, appFile)) ?? '';
  const result = mountAuthRoutes(before, framework, options);
  if ('manualStep' in result) return { change: null, manualStep: result.manualStep };
  return { change: fileChange(appFile, before, result.text, 'codemod', 'mount the auth routes'), manualStep: null };
}
