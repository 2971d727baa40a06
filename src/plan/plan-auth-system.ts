/**
 * Everything a command will change in the auth system, computed in memory: the
 * Prisma models and a migration, the auth folder, the mount in the app file, the
 * env settings, the dependencies and the manifest. `init` renders the backends
 * list whole; add-backend and remove-backend edit it in place with a codemod.
 */
import { join } from 'node:path';

import type { EditResult } from '../codemods/edit-backends-list.js';
import type { ProjectInfo } from '../project/detect-project.js';
import { filesWithCookieNamed } from '../project/detect-cookie-clash.js';
import { formatEdit, loadProjectFormatter } from '../project/project-formatter.js';
import { authDependencies } from '../render/auth-dependencies.js';
import { VERSION } from '../util/package-root.js';
import { readOrNull } from '../util/read-or-null.js';
import { type Manifest, MANIFEST_FILE, renderManifest } from './manifest.js';
import { planAppMount } from './plan-app-mount.js';
import { type AuthChoices, authRenderContext, planAuthFiles } from './plan-auth-files.js';
import { planEnvSettings } from './plan-env-settings.js';
import { planPackages } from './plan-packages.js';
import { planPrismaChanges, type PrismaChanges } from './plan-prisma-changes.js';
import { templateHashes } from './plan-template-files.js';
import { fileChange, type FileChange, type Plan } from './plan.js';

/** How a command changes the auth system beyond rendering it for the choices. */
export interface PlanOptions {
  /** Edits backends.ts in place (add-backend, remove-backend) instead of rendering it. */
  editList?: (text: string) => EditResult;
  /** Drops packages create-auth added that nothing imports any more (remove-backend). */
  removeUnusedPackages?: boolean;
}

export interface AuthSystemPlan {
  /** Every change but the manifest, which follows from the changes actually made. */
  plan: Plan;
  prisma: PrismaChanges;
  /** Packages the generated code needs, all of them (installed or not). */
  packages: string[];
  /** Packages create-auth takes out of package.json. */
  removedPackages: string[];
  warnings: string[];
  /** The project's formatter the auth files went through ("prettier 3.4.2 (.prettierrc)"), or null. */
  formatter: string | null;
  /** The manifest change for a plan (after conflicts are resolved). */
  withManifest: (plan: Plan) => Promise<Plan>;
}

/** Computes the whole plan without touching the project. */
export async function planAuthSystem(
  project: ProjectInfo,
  choices: AuthChoices,
  options: PlanOptions = {},
): Promise<AuthSystemPlan> {
  const { manifest } = project;
  const prisma = await planPrismaChanges(project, choices);
  const context = authRenderContext(project, choices, prisma.userIdType);
  const formatter = await loadProjectFormatter(project.root, project.packageJson);
  const { changes: authFiles, warnings: formatWarnings } = await planAuthFiles(project, choices, context, manifest, {
    ...options,
    formatter,
  });
  const mount = planAppMount(project, choices);
  const mountChange = mount.change && {
    ...mount.change,
    after: await formatEdit(formatter, mount.change.path, mount.change.before, mount.change.after),
  };
  const wanted = authDependencies(context, prismaVersionOption(project));
  const packages = planPackages(project, wanted, manifest, authFiles, options);

  const changes: FileChange[] = [
    ...prisma.changes,
    ...authFiles,
    ...(mountChange ? [mountChange] : []),
    ...planEnvSettings(project, choices.backends),
    fileChange('package.json', project.packageJsonText, packages.text, 'codemod', 'dependencies'),
  ];

  return {
    plan: { changes, manualSteps: mount.manualStep ? [mount.manualStep] : [] },
    prisma,
    packages: [...Object.keys(wanted.dependencies), ...Object.keys(wanted.devDependencies)],
    removedPackages: packages.removed,
    warnings: [
      ...prisma.warnings,
      ...formatWarnings,
      ...packages.notes,
      ...(mount.warning ? [mount.warning] : []),
      ...cookieClashWarning(project, choices),
      ...sharedCookieWarning(project, choices),
    ],
    formatter: formatter?.description ?? null,
    withManifest: async (plan) => {
      const change = planManifest(project.root, choices, plan, manifest, packages.addedByUs);
      // The owner's Prettier checks this file too (it is committed).
      const after = change.after === null || !formatter ? change.after : (await formatter.format(change.path, change.after)).text;
      return { ...plan, changes: [...plan.changes, { ...change, after }] };
    },
  };
}

function cookieClashWarning(project: ProjectInfo, choices: AuthChoices): string[] {
  if (!choices.backends.some((backend) => backend.transport === 'cookie')) return [];
  const { name, files } = filesWithCookieNamed(project.root, project.sourceFiles, choices.authDir);
  if (files.length === 0) return [];
  return [
    `${files.join(', ')} ${files.length === 1 ? 'seems' : 'seem'} to use a cookie named "${name}" too, the name the cookie ` +
      `transport sets. Two cookies of one name overwrite each other: rename one (ours: \`name\` in ${choices.authDir}/transports/cookie.ts).`,
  ];
}

// Said when a run brings a second cookie backend, not on every rerun that keeps two.
function sharedCookieWarning(project: ProjectInfo, choices: AuthChoices): string[] {
  const cookieBackends = (backends: readonly { name: string; transport: string }[]) =>
    backends.filter((backend) => backend.transport === 'cookie').map((backend) => backend.name);
  const names = cookieBackends(choices.backends);
  if (names.length < 2 || names.length <= cookieBackends(project.manifest?.backends ?? []).length) return [];
  return [
    `${names.join(' and ')} share the cookie transport's one cookie: a browser holds one of their tokens at a time, ` +
      'each login replaces the one before, and logout must go to the backend that logged in (another answers 401). ' +
      'For sessions side by side, give one of them the bearer transport.',
  ];
}

function prismaVersionOption(project: ProjectInfo): { prismaClientVersion?: string } {
  return project.prismaClientVersion ? { prismaClientVersion: project.prismaClientVersion } : {};
}

function planManifest(
  root: string,
  choices: AuthChoices,
  plan: Plan,
  previous: Manifest | null,
  addedDependencies: string[],
): FileChange {
  const manifest: Manifest = {
    version: VERSION,
    framework: choices.framework,
    database: choices.database,
    authDir: choices.authDir,
    userModel: choices.userModel,
    backends: choices.backends,
    addedDependencies,
    files: templateHashes(plan.changes, previous),
  };
  const before = readOrNull(join(root, MANIFEST_FILE));
  return fileChange(MANIFEST_FILE, before, renderManifest(manifest), 'codemod', 'what create-auth wrote');
}
