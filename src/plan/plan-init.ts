/**
 * Everything `init` will change, computed in memory: the Prisma models and a
 * migration, the auth folder, the mount in the app file, the env settings, the
 * dependencies and the manifest.
 */
import type { ProjectInfo } from '../project/detect-project.js';
import { authDependencies } from '../render/auth-dependencies.js';
import { VERSION } from '../util/package-root.js';
import { hashContent, type Manifest, MANIFEST_FILE, readManifest, renderManifest } from './manifest.js';
import { planAppMount } from './plan-app-mount.js';
import { type AuthChoices, authRenderContext, planAuthFiles, readOrNull } from './plan-auth-files.js';
import { planEnvSettings } from './plan-env-settings.js';
import { planPackageJson } from './plan-package-json.js';
import { planPrismaChanges, type PrismaChanges } from './plan-prisma-changes.js';
import { fileChange, type FileChange, type Plan } from './plan.js';
import { join } from 'node:path';

export interface InitPlan {
  plan: Plan;
  prisma: PrismaChanges;
  /** Packages the generated code needs, all of them (installed or not). */
  packages: string[];
  /** Packages newly written into package.json. */
  addedDependencies: string[];
  warnings: string[];
}

/** Computes the whole plan for `init` without touching the project. */
export async function planInit(project: ProjectInfo, choices: AuthChoices): Promise<InitPlan> {
  const manifest = readManifest(project.root);
  const prisma = await planPrismaChanges(project, choices);
  const context = authRenderContext(project, choices, prisma.userIdType);
  const authFiles = planAuthFiles(project, choices, context);
  const mount = planAppMount(project, choices);
  const wanted = authDependencies(context, prismaVersionOption(project));
  const packageJson = planPackageJson(project.packageJsonText, wanted);
  const addedDependencies = [...new Set([...(manifest?.addedDependencies ?? []), ...packageJson.added])];

  const changes: FileChange[] = [
    ...prisma.changes,
    ...authFiles,
    ...(mount.change ? [mount.change] : []),
    ...planEnvSettings(project, choices.backends),
    fileChange('package.json', project.packageJsonText, packageJson.text, 'codemod', 'dependencies'),
  ];
  changes.push(planManifest(project, choices, authFiles, addedDependencies));

  return {
    plan: { changes, manualSteps: mount.manualStep ? [mount.manualStep] : [] },
    prisma,
    packages: [...Object.keys(wanted.dependencies), ...Object.keys(wanted.devDependencies)],
    addedDependencies: packageJson.added,
    warnings: prisma.warnings,
  };
}

function prismaVersionOption(project: ProjectInfo): { prismaClientVersion?: string } {
  const declared = project.packageJson.dependencies?.['@prisma/client'];
  const exact = declared?.match(/^\d+\.\d+\.\d+$/)?.[0];
  return exact ? { prismaClientVersion: exact } : {};
}

function planManifest(
  project: ProjectInfo,
  choices: AuthChoices,
  authFiles: FileChange[],
  addedDependencies: string[],
): FileChange {
  const manifest: Manifest = {
    version: VERSION,
    framework: choices.framework,
    database: choices.database,
    authDir: choices.authDir,
    backends: choices.backends,
    addedDependencies,
    files: Object.fromEntries(authFiles.map((change) => [change.path, hashContent(change.after ?? '')])),
  };
  const before = readOrNull(join(project.root, MANIFEST_FILE));
  return fileChange(MANIFEST_FILE, before, renderManifest(manifest), 'codemod', 'what create-auth wrote');
}
