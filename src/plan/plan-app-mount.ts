/** The codemod half of a plan for the app file: mounting the auth routes. */
import { join, posix } from 'node:path';

import { manualMountStep, mountExpressRouter } from '../codemods/mount-express-router.js';
import type { ProjectInfo } from '../project/detect-project.js';
import { relativeSpecifier } from '../util/paths.js';
import type { AuthChoices } from './plan-auth-files.js';
import { readOrNull } from '../util/read-or-null.js';
import { fileChange, type FileChange, type ManualStep } from './plan.js';

/** The name the generated router module exports for `app.use(...)`. */
export const ROUTER_EXPORT = 'authRouter';

/** The app file edited to mount the routes, or the step to do by hand. */
export function planAppMount(
  project: ProjectInfo,
  choices: AuthChoices,
): { change: FileChange | null; manualStep: ManualStep | null } {
  const routerModule = posix.join(choices.authDir, choices.framework);
  const appFile = project.appFile;
  const fromDir = appFile ? posix.dirname(appFile) : project.hasSrcDir ? 'src' : '.';
  const options = {
    path: appFile ?? 'the file that creates your app',
    specifier: relativeSpecifier(fromDir, routerModule) + project.importExtension,
    exportName: ROUTER_EXPORT,
  };
  if (!appFile) {
    return { change: null, manualStep: manualMountStep(options, 'no file calls express()') };
  }
  const before = readOrNull(join(project.root, appFile)) ?? '';
  const result = mountExpressRouter(before, options);
  if ('manualStep' in result) return { change: null, manualStep: result.manualStep };
  return { change: fileChange(appFile, before, result.text, 'codemod', 'mount the auth routes'), manualStep: null };
}
