/** Reads tsconfig.json the way TypeScript does (comments, trailing commas, extends). */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { ts } from 'ts-morph';

export interface TsconfigInfo {
  path: string;
  module: string | undefined;
  moduleResolution: string | undefined;
  allowImportingTsExtensions: boolean;
  /** Whether default imports of CommonJS packages work, as the generated code needs. */
  esModuleInterop: boolean;
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
  };
}
