/**
 * Finds the project’s own PrismaClient instance (`export const prisma = new
 * PrismaClient(...)`), so the generated code shares it instead of opening a
 * second pool of connections.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { Node, Project, type VariableDeclaration } from 'ts-morph';

export interface PrismaInstance {
  /** Project-relative path of the module exporting the instance. */
  path: string;
  /** Its exported name. */
  exportName: string;
}

/**
 * The first exported variable that is a PrismaClient: initialised with `new
 * PrismaClient(...)` (directly or in a `??` fallback), or declared as one, as a
 * lazily created client behind a Proxy is (`new Proxy({} as PrismaClient, ...)`,
 * `export const prisma: PrismaClient = ...`). Null when there is none.
 */
export function detectPrismaInstance(
  projectDir: string,
  sourceFiles: string[],
): PrismaInstance | null {
  const project = new Project({ useInMemoryFileSystem: true });
  for (const path of sourceFiles) {
    const text = readFileSync(join(projectDir, path), 'utf8');
    if (!text.includes('PrismaClient')) continue;
    const file = project.createSourceFile(path, text, { overwrite: true });
    const exported = file.getExportSymbols();
    for (const declaration of file.getVariableDeclarations()) {
      if (!isPrismaClient(declaration)) continue;
      const name = declaration.getName();
      if (declaration.getVariableStatement()?.isExported() || isExportedByName(exported, name)) {
        return { path, exportName: name };
      }
    }
  }
  return null;
}

function isPrismaClient(declaration: VariableDeclaration): boolean {
  if (declaration.getTypeNode()?.getText() === 'PrismaClient') return true;
  const initializer = declaration.getInitializer();
  if (!initializer) return false;
  if (Node.isAsExpression(initializer) && initializer.getTypeNode()?.getText() === 'PrismaClient') return true;
  const creates = (node: Node) =>
    [node, ...node.getDescendants()].filter(Node.isNewExpression).some((created) => {
      const callee = created.getExpression().getText();
      if (callee === 'PrismaClient') return true;
      // new Proxy({} as PrismaClient, handler): the client is made on first use.
      const [target] = created.getArguments();
      return callee === 'Proxy' && target !== undefined && Node.isAsExpression(target) && target.getTypeNode()?.getText() === 'PrismaClient';
    });
  // Functions in the initializer run later, or never: their clients are not this one.
  return creates(initializer) && !Node.isArrowFunction(initializer) && !Node.isFunctionExpression(initializer);
}

function isExportedByName(symbols: { getName(): string; getDeclarations(): Node[] }[], name: string): boolean {
  return symbols.some((symbol) => symbol.getName() === name);
}
