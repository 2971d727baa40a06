/**
 * Finds the project's own PrismaClient instance (`export const prisma = new
 * PrismaClient(...)`), so the generated code shares it instead of opening a
 * second pool of connections.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { Node, Project, SyntaxKind } from 'ts-morph';

export interface PrismaInstance {
  /** Project-relative path of the module exporting the instance. */
  path: string;
  /** Its exported name. */
  exportName: string;
}

/** The first exported variable initialised with `new PrismaClient(...)`, or null. */
export function detectPrismaInstance(
  projectDir: string,
  sourceFiles: string[],
): PrismaInstance | null {
  const project = new Project({ useInMemoryFileSystem: true });
  for (const path of sourceFiles) {
    const text = readFileSync(join(projectDir, path), 'utf8');
    if (!text.includes('new PrismaClient')) continue;
    const file = project.createSourceFile(path, text, { overwrite: true });
    for (const declaration of file.getVariableDeclarations()) {
      const creates = declaration
        .getDescendantsOfKind(SyntaxKind.NewExpression)
        .some((node) => node.getExpression().getText() === 'PrismaClient');
      const statement = declaration.getVariableStatement();
      if (creates && statement?.isExported()) return { path, exportName: declaration.getName() };
      if (creates && isExportedByName(file.getExportSymbols(), declaration.getName())) {
        return { path, exportName: declaration.getName() };
      }
    }
  }
  return null;
}

function isExportedByName(symbols: { getName(): string; getDeclarations(): Node[] }[], name: string): boolean {
  return symbols.some((symbol) => symbol.getName() === name);
}
