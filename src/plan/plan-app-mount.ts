/** The codemod half of a plan for the app file: mounting the auth routes. */
import { join, posix } from 'node:path';

import { manualMountStep, mountAuthRoutes } from '../codemods/mount-auth-routes.js';
import type { Framework } from '../options.js';
import { APP_CREATION } from '../project/detect-app-file.js';
import type { ProjectInfo } from '../project/detect-project.js';
import { moduleSpecifier, withoutExtension } from '../util/paths.js';
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
): { change: FileChange | null; manualStep: ManualStep | null; warning?: string } {
  const { framework } = choices;
  const routesModule = posix.join(choices.authDir, framework);
  const appFile = project.appFiles[framework] ?? null;
  const fromDir = appFile ? posix.dirname(appFile) : project.hasSrcDir ? 'src' : '.';
  const options = {
    path: appFile ?? 'the file that creates your app',
    specifier: moduleSpecifier(fromDir, routesModule, project.importAlias) + project.importExtension,
    exportName: ROUTES_EXPORT[framework],
  };
  const mountedIn = fileImporting(project, routesModule, choices.authDir);
  if (mountedIn && mountedIn !== appFile) return { change: null, manualStep: null };
  if (!appFile) {
    const problem = `no file calls ${APP_CREATION[framework].text}`;
    return { change: null, manualStep: manualMountStep(framework, options, problem) };
  }
  const before = readOrNull(join(project.root, appFile)) ?? '';
  const result = mountAuthRoutes(before, framework, options);
  if ('manualStep' in result) return { change: null, manualStep: result.manualStep };
  return {
    change: fileChange(appFile, before, result.text, 'codemod', 'mount the auth routes'),
    manualStep: null,
    // Under a prefix of their own (`app.use('/api', authRouter)`) the auth paths are not the app's.
    warning: result.mount.prefix === '' ? shadowingWarning(appFile, before, mountPoint(before, result)) : undefined,
  };
}

/**
 * The project file (outside the auth folder) that imports the routes module, if
 * any: the owner mounted them there, by hand or in a file create-auth did not pick.
 */
function fileImporting(project: ProjectInfo, routesModule: string, authDir: string): string | null {
  const specifiers = (file: string) => {
    const text = readOrNull(join(project.root, file)) ?? '';
    return [...text.matchAll(/(?:from|import|require)\s*\(?\s*['"]([^'"]+)['"]/g)].map((match) => match[1]!);
  };
  return (
    project.sourceFiles.find((file) => {
      if (file.startsWith(`${authDir}/`)) return false;
      const wanted = moduleSpecifier(posix.dirname(file), routesModule, project.importAlias);
      const relative = moduleSpecifier(posix.dirname(file), routesModule, null);
      return specifiers(file).some((specifier) => [wanted, relative].includes(withoutExtension(specifier)));
    }) ?? null
  );
}

// The app's own routes at the auth routes' paths: a router mounted under /auth or
// /users (`app.use('/auth', authRoutes)`), or a route at one of their paths (POST
// /auth/register, GET /users/me, /auth/<name>/login). Whichever is mounted first
// answers a path both have.
const OWN_ROUTE = /\.(use|route|register|get|post|put|patch|delete|all)\(\s*['"`](\/(?:auth|users)(?:\/[^'"`]*)?)['"`]/g;
const MOUNTS = new Set(['use', 'route', 'register']);
const AUTH_PATH = /^\/(users\/me|auth\/register|auth\/[^/]+\/log(in|out))\/?$/;

/**
 * Where in `before` the mount is: where it stood already, or where it went in.
 * The codemod adds the import at the top and the mount below it, so a new mount
 * is where the two texts' common ending begins.
 */
function mountPoint(before: string, result: { text: string; mount: { at: number } }): number {
  const after = result.text;
  if (after === before) return result.mount.at;
  let common = 0;
  while (
    common < before.length &&
    common < after.length &&
    before[before.length - 1 - common] === after[after.length - 1 - common]
  ) {
    common += 1;
  }
  return before.length - common;
}

function shadowingWarning(appFile: string, text: string, mountedAt: number): string | undefined {
  const clashing = [...text.matchAll(OWN_ROUTE)].filter(
    ([, method, path]) => MOUNTS.has(method!) || AUTH_PATH.test(path!),
  );
  const pathsOf = (matches: RegExpExecArray[]) => [...new Set(matches.map((match) => match[2]!))].join(', ');
  const earlier = clashing.filter((match) => match.index! < mountedAt);
  const later = clashing.filter((match) => match.index! >= mountedAt);
  // The auth routes under the paths found: POST /auth/register for /auth, GET /users/me for /users.
  const examplesFor = (matches: RegExpExecArray[]) => {
    const paths = matches.map((match) => match[2]!);
    const examples = [
      ...(paths.some((path) => path.startsWith('/auth')) ? ['POST /auth/register'] : []),
      ...(paths.some((path) => path.startsWith('/users')) ? ['GET /users/me'] : []),
    ];
    return `${examples.join(', ')}, ...`;
  };
  const sentences: string[] = [];
  if (earlier.length > 0) {
    sentences.push(
      `${appFile} already has routes of its own at ${pathsOf(earlier)}, mounted before the auth routes: ` +
        `where a path is the same (${examplesFor(earlier)}) yours answer it and the auth route is never reached. ` +
        'Move the auth routes above yours, or mount them under a path prefix of their own.',
    );
  }
  if (later.length > 0) {
    sentences.push(
      `${appFile} already has routes of its own at ${pathsOf(later)}. The auth routes come first, ` +
        `so where a path is the same (${examplesFor(later)}) they answer it. Rename yours, or mount the auth routes ` +
        'under a path prefix of their own.',
    );
  }
  return sentences.length > 0 ? sentences.join('\n') : undefined;
}
