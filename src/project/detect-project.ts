/**
 * Everything create-auth needs to know about the user's project, read without
 * changing anything: package manager, framework, module system, import style,
 * the Prisma schema, the file that creates the app and the Prisma instance.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Framework } from '../options.js';
import { listModelNames } from '../prisma/list-model-names.js';
import { locatePrismaSchema, type PrismaSchemaLocation } from '../prisma/locate-prisma-schema.js';
import { type Manifest, readManifest } from '../plan/manifest.js';
import { UserError } from '../util/user-error.js';
import { detectAppFile } from './detect-app-file.js';
import { detectFrameworks } from './detect-framework.js';
import {
  detectImportAlias,
  detectImportStyle,
  detectModuleSystem,
  type ImportExtension,
  type ModuleSystem,
} from './detect-import-style.js';
import { detectPackageManager, type PackageManager } from './detect-package-manager.js';
import { detectPrismaClientVersion } from './detect-prisma-client-version.js';
import { detectPrismaInstance, type PrismaInstance } from './detect-prisma-instance.js';
import { type PackageJson, readPackageJson } from './read-package-json.js';
import { type ImportAlias, readTsconfig, type TsconfigInfo } from './read-tsconfig.js';
import { listSourceFiles } from './source-files.js';

export interface ProjectInfo {
  root: string;
  packageJson: PackageJson;
  packageJsonText: string;
  packageManager: PackageManager;
  lockfile: string | null;
  frameworks: { framework: Framework; version: string }[];
  moduleSystem: ModuleSystem;
  importExtension: ImportExtension;
  /** The tsconfig alias the project's own imports use for its folders, or null. */
  importAlias: ImportAlias | null;
  tsconfig: TsconfigInfo;
  hasSrcDir: boolean;
  sourceFiles: string[];
  prisma: PrismaSchemaLocation;
  /** The schema's model names, in file order (one of them may hold the users). */
  models: string[];
  /** For each framework the project depends on, the file that creates its app, or null. */
  appFiles: Partial<Record<Framework, string | null>>;
  prismaInstance: PrismaInstance | null;
  /** The @prisma/client version installed (or declared), or null. */
  prismaClientVersion: string | null;
  /** create-auth.json as it is before the command, or null before the first init. */
  manifest: Manifest | null;
}

/** Reads the project, refusing (with what to do) when it is not one create-auth supports. */
export function detectProject(root: string): ProjectInfo {
  const { json, text } = readPackageJson(root);
  const tsconfig = requireTypeScript(root, json);
  const frameworks = requireFramework(json);
  const manifest = readManifest(root);
  const sourceFiles = ownSourceFiles(root, manifest);
  const moduleSystem = detectModuleSystem(json.type);
  const sources = sourceFiles.slice(0, 200).map((path) => readFileSync(join(root, path), 'utf8'));
  const { manager, lockfile } = detectPackageManager(root);
  const prisma = locatePrismaSchema(root);
  const prismaClientVersion = requireSupportedPrisma(root, json);

  return {
    root,
    packageJson: json,
    packageJsonText: text,
    packageManager: manager,
    lockfile,
    frameworks,
    moduleSystem,
    importExtension: detectImportStyle(sources, moduleSystem, tsconfig),
    importAlias: detectImportAlias(sources, tsconfig.aliases),
    tsconfig,
    hasSrcDir: existsSync(join(root, 'src')),
    sourceFiles,
    prisma,
    models: listModelNames(prisma.files),
    appFiles: Object.fromEntries(
      frameworks.map(({ framework }) => [framework, detectAppFile(root, sourceFiles, framework)]),
    ),
    prismaInstance: detectPrismaInstance(root, sourceFiles),
    prismaClientVersion,
    manifest,
  };
}

/** The project's sources without the files create-auth generated (its own db.ts creates a client too). */
function ownSourceFiles(root: string, manifest: Manifest | null): string[] {
  const generated = (path: string) =>
    manifest !== null && (path in manifest.files || path.startsWith(`${manifest.authDir}/`));
  return listSourceFiles(root).filter((path) => !generated(path));
}

function requireTypeScript(root: string, json: PackageJson): TsconfigInfo {
  const tsconfig = readTsconfig(root);
  const declared = json.dependencies?.typescript ?? json.devDependencies?.typescript;
  if (!tsconfig || !declared) {
    throw new UserError(
      `${root} is not a TypeScript project (${tsconfig ? 'typescript is not in package.json' : 'no tsconfig.json'}).`,
      'create-auth writes TypeScript. Add TypeScript first: npm install -D typescript && npx tsc --init',
    );
  }
  return tsconfig;
}

// The generated code uses driver adapters and the `omit` option (Prisma 6.2+).
function requireSupportedPrisma(root: string, json: PackageJson): string | null {
  const version = detectPrismaClientVersion(root, json);
  const [major = 0, minor = 0] = (version ?? '').split('.').map(Number);
  if (version && (major < 6 || (major === 6 && minor < 2))) {
    throw new UserError(
      `This project uses @prisma/client ${version}; the code create-auth writes needs Prisma 6.2 or later.`,
      'create-auth never upgrades your Prisma. Upgrade it yourself (npm install prisma@6 @prisma/client@6, then npx prisma generate) and run create-auth again.',
    );
  }
  return version;
}

function requireFramework(json: PackageJson): { framework: Framework; version: string }[] {
  const found = detectFrameworks(json);
  if (found.length === 0) {
    throw new UserError(
      'No supported web framework in package.json.',
      'create-auth supports Express 5 today. Add it (npm install express) and create your app first.',
    );
  }
  return found;
}
