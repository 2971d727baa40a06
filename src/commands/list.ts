/**
 * `create-auth list`: the backends in the order they are tried, with their routes,
 * and the generated files the owner changed since create-auth wrote them.
 */
import { join } from 'node:path';

import { hashContent } from '../plan/manifest.js';
import { readAuthSetup } from '../project/read-auth-setup.js';
import { logger } from '../util/logger.js';
import { readOrNull } from '../util/read-or-null.js';

export interface ListOptions {
  cwd: string;
  json?: boolean;
}

/** A generated file that is no longer as create-auth wrote it. */
export interface ChangedFile {
  path: string;
  state: 'changed' | 'deleted';
}

/** What `list --json` prints. */
export interface ListReport {
  backends: { name: string; transport: string; strategy: string; routes: string[] }[];
  changedFiles: ChangedFile[];
}

/** Prints the backends and the owner's changes, as a table or as JSON. */
export function runList(options: ListOptions): void {
  const report = listReport(options.cwd);
  if (options.json) return logger.info(JSON.stringify(report, null, 2));
  logger.step('Backends (tried in this order):');
  for (const backend of report.backends) {
    logger.info(`  ${backend.name.padEnd(18)} ${backend.transport.padEnd(7)} ${backend.strategy.padEnd(9)} ${backend.routes.join('  ')}`);
  }
  logger.step('\nGenerated files you changed:');
  if (report.changedFiles.length === 0) logger.info('  none');
  for (const file of report.changedFiles) logger.info(`  ${file.state.padEnd(8)} ${file.path}`);
}

/** The backends from backends.ts and the manifest's files compared with the disk. */
export function listReport(root: string): ListReport {
  const setup = readAuthSetup(root);
  const backends = setup.backends.map((backend) => ({
    ...backend,
    routes: [`POST /auth/${backend.name}/login`, `POST /auth/${backend.name}/logout`],
  }));
  const changedFiles = Object.entries(setup.manifest.files).flatMap(([path, hash]): ChangedFile[] => {
    const current = readOrNull(join(root, path));
    if (current === null) return [{ path, state: 'deleted' }];
    return hashContent(current) === hash ? [] : [{ path, state: 'changed' }];
  });
  return { backends, changedFiles };
}
