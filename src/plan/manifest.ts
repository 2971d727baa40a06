/**
 * create-auth.json: what create-auth chose and wrote, committed with the project.
 * The hash of each file as the tool last wrote it is how later commands tell the
 * owner's edits from the tool's own.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { type BackendChoice, type DatabaseProvider, DEFAULT_USER_MODEL, type Framework } from '../options.js';

export const MANIFEST_FILE = 'create-auth.json';

export interface Manifest {
  /** The create-auth version that last wrote the project. */
  version: string;
  framework: Framework;
  database: DatabaseProvider;
  /** The auth folder, project-relative. */
  authDir: string;
  /** The Prisma model that holds the users. */
  userModel: string;
  /** The backends in the order they are tried. */
  backends: BackendChoice[];
  /** Packages create-auth added to package.json (only these may it ever remove). */
  addedDependencies: string[];
  /** `sha256-<hex>` of every whole file create-auth wrote, by project-relative path. */
  files: Record<string, string>;
}

/** The hash create-auth records for a file's content. */
export function hashContent(content: string): string {
  return `sha256-${createHash('sha256').update(content).digest('hex')}`;
}

/** Reads the manifest, or null when the project has none. */
export function readManifest(projectDir: string): Manifest | null {
  const path = join(projectDir, MANIFEST_FILE);
  if (!existsSync(path)) return null;
  try {
    // Manifests written before userModel was recorded all used `User`.
    return { userModel: DEFAULT_USER_MODEL, ...(JSON.parse(readFileSync(path, 'utf8')) as Partial<Manifest>) } as Manifest;
  } catch (error) {
    throw new Error(
      `${MANIFEST_FILE} is not valid JSON (${(error as Error).message}). ` +
        'Fix it, or restore it from version control.',
    );
  }
}

/**
 * The manifest as it is written, so that it changes only when its content does:
 * fields in the order of the Manifest type, each backend as { name, transport,
 * strategy }, dependencies and files sorted; two-space JSON, final newline.
 */
export function renderManifest(manifest: Manifest): string {
  const ordered: Manifest = {
    version: manifest.version,
    framework: manifest.framework,
    database: manifest.database,
    authDir: manifest.authDir,
    userModel: manifest.userModel,
    backends: manifest.backends.map(({ name, transport, strategy }) => ({ name, transport, strategy })),
    addedDependencies: [...manifest.addedDependencies].sort(),
    files: Object.fromEntries(Object.entries(manifest.files).sort(([a], [b]) => a.localeCompare(b))),
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

/** Whether the owner changed a file since create-auth last wrote it. */
export function isChangedByOwner(
  manifest: Manifest | null,
  path: string,
  current: string | null,
): boolean {
  const recorded = manifest?.files[path];
  if (current === null) return false;
  return recorded === undefined || recorded !== hashContent(current);
}
