/** Path helpers for project-relative posix paths and import specifiers. */
import { posix, relative, sep } from 'node:path';

/** A project-relative path with forward slashes. */
export function projectPath(root: string, absolute: string): string {
  return relative(root, absolute).split(sep).join('/');
}

/** The relative import specifier from one project file's folder to another module. */
export function relativeSpecifier(fromDir: string, toModule: string): string {
  const path = posix.relative(fromDir, toModule);
  return path.startsWith('.') ? path : `./${path}`;
}

/**
 * How a project file imports another module of the project, without extension:
 * through the project's tsconfig alias when it covers the module (`@/db`), else
 * by a relative path.
 */
export function moduleSpecifier(
  fromDir: string,
  toModule: string,
  alias: { prefix: string; dir: string } | null,
): string {
  const inside = alias ? posix.relative(alias.dir, toModule) : '..';
  if (alias && !inside.startsWith('..')) return alias.prefix + inside;
  return relativeSpecifier(fromDir, toModule);
}

/** A module path without its TypeScript/JavaScript extension. */
export function withoutExtension(path: string): string {
  return path.replace(/\.(d\.)?[cm]?[tj]sx?$/, '');
}
