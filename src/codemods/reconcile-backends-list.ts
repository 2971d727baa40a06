/**
 * Bringing an edited backends.ts to a list of backends in place, for an init run
 * with other backends: entries not wanted go, missing ones are appended, and the
 * entries that stay keep the owner's order, names, comments and formatting.
 */
import { posix } from 'node:path';

import type { BackendChoice } from '../options.js';
import { strategyExportName, transportExportName } from '../render/render-auth.js';
import {
  addBackendEntry,
  type EditResult,
  type NewBackendEntry,
  removeBackendEntry,
} from './edit-backends-list.js';

/** The entry backends.ts gets for a backend, importing from the auth folder's modules. */
export function newBackendEntry(backend: BackendChoice, importExtension: string): NewBackendEntry {
  return {
    name: backend.name,
    transport: transportExportName(backend.transport),
    strategy: strategyExportName(backend.strategy),
    transportModule: `./${posix.join('transports', backend.transport)}${importExtension}`,
    strategyModule: `./${posix.join('strategies', backend.strategy)}${importExtension}`,
  };
}

/** The list after the edit: the kept entries in the file's order, then the new ones. */
export function reconciledOrder(current: readonly BackendChoice[], wanted: readonly BackendChoice[]): BackendChoice[] {
  const same = (a: BackendChoice, b: BackendChoice) =>
    a.name === b.name && a.transport === b.transport && a.strategy === b.strategy;
  const kept = current.filter((entry) => wanted.some((w) => same(entry, w)));
  return [...kept, ...wanted.filter((w) => !kept.some((entry) => same(entry, w)))];
}

/** An edit of backends.ts that turns the `current` list into `wanted` (see reconciledOrder). */
export function reconcileBackendsList(
  current: readonly BackendChoice[],
  wanted: readonly BackendChoice[],
  importExtension: string,
): (text: string) => EditResult {
  const result = reconciledOrder(current, wanted);
  const removed = current.filter((entry) => !result.includes(entry));
  const added = result.filter((entry) => !current.includes(entry));
  return (text) => {
    // Additions before removals, so entries are still there to show how the owner
    // indents and ends them; an entry whose name a new one takes goes first.
    const renamed = removed.filter((entry) => added.some((a) => a.name === entry.name));
    const edits = [
      ...renamed.map((entry) => (t: string) => removeBackendEntry(t, entry.name)),
      ...added.map((entry) => (t: string) => addBackendEntry(t, newBackendEntry(entry, importExtension))),
      ...removed.filter((entry) => !renamed.includes(entry)).map((entry) => (t: string) => removeBackendEntry(t, entry.name)),
    ];
    return edits.reduce<EditResult>((edited, edit) => ('text' in edited ? edit(edited.text) : edited), { text });
  };
}
