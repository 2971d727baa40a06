/**
 * How the project writes relative imports, so generated imports look like its own:
 * `./db.js` (NodeNext ES modules), `./db.ts` (allowImportingTsExtensions) or `./db`.
 */
import type { ImportAlias, TsconfigInfo } from './read-tsconfig.js';

export type ModuleSystem = 'esm' | 'commonjs';
export type ImportExtension = '' | '.js' | '.ts';

const RELATIVE_IMPORT = /(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g;

/** ES modules when package.json says "type": "module", CommonJS otherwise. */
export function detectModuleSystem(packageType: string | undefined): ModuleSystem {
  return packageType === 'module' ? 'esm' : 'commonjs';
}

/** The extension most of the project's relative imports use, or what its settings require. */
export function detectImportStyle(
  sources: string[],
  moduleSystem: ModuleSystem,
  tsconfig: TsconfigInfo | null,
): ImportExtension {
  const counts: Record<ImportExtension, number> = { '': 0, '.js': 0, '.ts': 0 };
  for (const source of sources) {
    for (const match of source.matchAll(RELATIVE_IMPORT)) counts[extensionOf(match[1] ?? '')]++;
  }
  const seen = counts['.js'] + counts['.ts'] + counts[''] > 0;
  if (seen) {
    const ranked = (Object.keys(counts) as ImportExtension[]).sort((a, b) => counts[b] - counts[a]);
    return ranked[0] ?? '';
  }
  return requiresExtensions(moduleSystem, tsconfig) ? '.js' : '';
}

function extensionOf(specifier: string): ImportExtension {
  if (/\.[cm]?js$/.test(specifier)) return '.js';
  if (/\.[cm]?ts$/.test(specifier)) return '.ts';
  return '';
}

/** NodeNext and Node16 resolution need explicit extensions in ES modules. */
function requiresExtensions(moduleSystem: ModuleSystem, tsconfig: TsconfigInfo | null): boolean {
  const resolution = tsconfig?.moduleResolution?.toLowerCase() ?? '';
  const module = tsconfig?.module?.toLowerCase() ?? '';
  const nodeStyle = /node(16|next)/.test(resolution) || /node(16|18|20|next)/.test(module);
  return moduleSystem === 'esm' && nodeStyle;
}

const IMPORTED_SPECIFIER = /(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"]([^'"]+)['"]/g;

/**
 * The tsconfig alias the project reaches its other folders with (`@/db`), or null
 * when it mostly climbs with `../` instead, or has no alias.
 */
export function detectImportAlias(sources: string[], aliases: readonly ImportAlias[]): ImportAlias | null {
  const uses = new Map<ImportAlias, number>();
  let parentImports = 0;
  for (const source of sources) {
    for (const [, specifier = ''] of source.matchAll(IMPORTED_SPECIFIER)) {
      if (specifier.startsWith('../')) parentImports++;
      const alias = aliases.find((entry) => specifier.startsWith(entry.prefix));
      if (alias) uses.set(alias, (uses.get(alias) ?? 0) + 1);
    }
  }
  const [best, count = 0] = [...uses.entries()].sort((a, b) => b[1] - a[1])[0] ?? [];
  return best && count >= parentImports ? best : null;
}
