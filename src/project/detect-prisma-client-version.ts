/** Which @prisma/client the project runs: the installed one, else the one package.json asks for. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { findUp } from '../util/find-up.js';
import type { PackageJson } from './read-package-json.js';

/** The exact version (`6.19.3`), or null when the project has no @prisma/client. */
export function detectPrismaClientVersion(root: string, packageJson: PackageJson): string | null {
  const installed = findUp(root, join('node_modules', '@prisma/client', 'package.json'));
  if (installed) {
    const { version } = JSON.parse(readFileSync(installed, 'utf8')) as { version?: string };
    if (version) return version;
  }
  const declared = packageJson.dependencies?.['@prisma/client'] ?? packageJson.devDependencies?.['@prisma/client'];
  return declared?.match(/\d+\.\d+\.\d+/)?.[0] ?? null;
}
