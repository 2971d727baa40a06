/** Reads tsconfig.json the way TypeScript does (comments, trailing commas, extends). */
import { existsSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';

import { ts } from 'ts-morph';

export interface TsconfigInfo {
  path: string;
  module: string | undefined;
  moduleResolution: string | undefined;
  allowImportingTsExtensions: boolean;
  /** Whether default imports of CommonJS packages work, as the generated code needs. */
  esModuleInterop: boolean;
  /** The `paths` entries of the form `"@/*": ["./src/*"]`, as prefix and project-relative folder. */
  aliases: ImportAlias[];
  /** Whether tsc skips checking `.d.ts` files, installed packages' among them. */
  skipLibCheck: boolean;
}

/** An import alias: specifiers starting with `prefix` resolve inside `dir`. */
export interface ImportAlias {
  /** For example `@/` or `~/`. */
  prefix: string;
  /** Project-relative posix folder, `.` for the root. */
  dir: string;
}

const NODE_STYLE_MODULES = [ts.ModuleKind.Node16, ts.ModuleKind.NodeNext, ts.ModuleKind.Preserve];

/** The compiler options create-auth cares about, or null when there is no tsconfig.json. */
export function readTsconfig(projectDir: string): TsconfigInfo | null {
  const path = join(projectDir, 'tsconfig.json');
  if (!existsSync(path)) return null;
  const config = ts.getParsedCommandLineOfConfigFile(path, {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: () => undefined,
  });
  const options = config?.options ?? {};
  return {
    path,
    module: options.module === undefined ? undefined : ts.ModuleKind[options.module],
    moduleResolution:
      options.moduleResolution === undefined
        ? undefined
        : ts.ModuleResolutionKind[options.moduleResolution],
    allowImportingTsExtensions: options.allowImportingTsExtensions === true,
    // TypeScript turns it on by itself for the node16/nodenext/preserve module settings.
    esModuleInterop: options.esModuleInterop ?? NODE_STYLE_MODULES.some((kind) => kind === options.module),
    aliases: readAliases(projectDir, options),
    skipLibCheck: options.skipLibCheck === true,
  };
}

// Only folder-wide aliases (`prefix/*` → `folder/*`) can name any file create-auth
// writes; exact-name aliases are left alone.
function readAliases(projectDir: string, options: ts.CompilerOptions): ImportAlias[] {
  const base = options.baseUrl ?? (options as { pathsBasePath?: string }).pathsBasePath ?? projectDir;
  return Object.entries(options.paths ?? {}).flatMap(([key, targets]) => {
    const target = targets[0];
    if (!key.endsWith('/*') || !(target === '*' || target?.endsWith('/*'))) return [];
    const folder = relative(projectDir, join(base, target.slice(0, -1))).split(sep).join('/');
    return [{ prefix: key.slice(0, -1), dir: posix.normalize(folder || '.') }];
  });
}
