/**
 * Adds packages to package.json, keeping its key order and indentation. A package
 * the project already declares keeps the owner's version range.
 */

export interface DependencyChanges {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}

/** The new package.json text and the names it added. */
export function planPackageJson(
  text: string,
  wanted: DependencyChanges,
): { text: string; added: string[] } {
  const json = JSON.parse(text) as Record<string, Record<string, string> | undefined>;
  const declared = { ...json.dependencies, ...json.devDependencies };
  const added: string[] = [];
  for (const section of ['dependencies', 'devDependencies'] as const) {
    const missing = Object.entries(wanted[section]).filter(([name]) => !(name in declared));
    if (missing.length === 0) continue;
    json[section] = sortKeys({ ...json[section], ...Object.fromEntries(missing) });
    added.push(...missing.map(([name]) => name));
  }
  if (added.length === 0) return { text, added };
  const indent = /^(\s+)"/m.exec(text)?.[1] ?? '  ';
  const newline = text.endsWith('\n') ? '\n' : '';
  return { text: `${JSON.stringify(json, null, indent)}${newline}`, added };
}

function sortKeys(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
