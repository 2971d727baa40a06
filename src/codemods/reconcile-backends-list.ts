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

/**
 * The list after the edit: the kept entries in the file's order, then the new ones.
 * An entry is kept when one wanted has its name and kind, or when a wanted kind
 * under its default name (`--backends cookie-database`) finds an entry of that kind
 * the owner renamed (`web`), so the renamed backend and its routes stay.
 */
export function reconciledOrder(current: readonly BackendChoice[], wanted: readonly BackendChoice[]): BackendChoice[] {
  const sameKind = (a: BackendChoice, b: BackendChoice) => a.transport === b.transport && a.strategy === b.strategy;
  const unmatched = [...wanted];
  const kept = new Set<BackendChoice>();
  const keep = (entry: BackendChoice, matches: (w: BackendChoice) => boolean) => {
    const index = unmatched.findIndex(matches);
    if (index === -1) return;
    unmatched.splice(index, 1);
    kept.add(entry);
  };
  for (const entry of current) keep(entry, (w) => w.name === entry.name && sameKind(w, entry));
  const isDefaultName = (w: BackendChoice) => w.name === `${w.transport}-${w.strategy}`;
  for (const entry of current.filter((e) => !kept.has(e))) {
    keep(entry, (w) => sameKind(w, entry) && isDefaultName(w) && !current.some((e) => e.name === w.name));
  }
  return [...current.filter((entry) => kept.has(entry)), ...unmatched];
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
