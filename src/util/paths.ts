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

/** A module path without its TypeScript/JavaScript extension. */
export function withoutExtension(path: string): string {
  return path.replace(/\.(d\.)?[cm]?[tj]sx?$/, '');
}
