/**
 * The auth system create-auth installed, as it is now: the manifest's record and
 * the backends list as the owner left it in backends.ts (order, names, edits).
 */
import { join, posix } from 'node:path';

import { readBackendsList } from '../codemods/edit-backends-list.js';
import { type BackendChoice, STRATEGIES, TRANSPORTS } from '../options.js';
import { type Manifest, MANIFEST_FILE, readManifest } from '../plan/manifest.js';
import { BACKENDS_FILE } from '../plan/plan-auth-files.js';
import { strategyExportName, transportExportName } from '../render/render-auth.js';
import { readOrNull } from '../util/read-or-null.js';
import { UserError } from '../util/user-error.js';

export interface AuthSetup {
  manifest: Manifest;
  /** Project-relative path of backends.ts. */
  listPath: string;
  /** The backends in the order backends.ts tries them. */
  backends: BackendChoice[];
}

/** Reads the manifest and backends.ts, or says what is missing and what to do. */
export function readAuthSetup(root: string): AuthSetup {
  const manifest = readManifest(root);
  if (!manifest) {
    throw new UserError(
      `No ${MANIFEST_FILE} in ${root}: create-auth has not set up auth here.`,
      'Run create-auth init first (or --cwd to the project that has it).',
    );
  }
  const listPath = posix.join(manifest.authDir, BACKENDS_FILE);
  const text = readOrNull(join(root, listPath));
  if (text === null) {
    throw new UserError(`${listPath} does not exist.`, 'Restore it from version control, or run create-auth init again.');
  }
  const entries = readBackendsList(text);
  if ('problem' in entries) {
    throw new UserError(
      `Could not read the backends list in ${listPath}: ${entries.problem}.`,
      'Keep `export const backends = [ ... ]` an array literal of `{ name, transport, strategy }` objects.',
    );
  }
  return { manifest, listPath, backends: entries.map((entry) => toChoice(entry, listPath)) };
}

function toChoice(entry: { name: string; transport: string; strategy: string }, listPath: string): BackendChoice {
  const transport = TRANSPORTS.find((kind) => transportExportName(kind) === entry.transport);
  const strategy = STRATEGIES.find((kind) => strategyExportName(kind) === entry.strategy);
  if (!transport || !strategy) {
    throw new UserError(
      `The backend "${entry.name}" in ${listPath} uses ${entry.transport} and ${entry.strategy}, which create-auth does not know.`,
      `Its transports are ${TRANSPORTS.map(transportExportName).join(', ')}; its strategies ${STRATEGIES.map(strategyExportName).join(', ')}.`,
    );
  }
  return { name: entry.name, transport, strategy };
}
