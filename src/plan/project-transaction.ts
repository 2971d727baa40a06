/**
 * All-or-nothing changes to a project. Every path is snapshotted before the first
 * write that touches it; `rollback` puts back every byte and removes what was
 * created, so a failed or interrupted command leaves the project as it was.
 */
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';

import type { FileChange } from './plan.js';

/** Original bytes by absolute path; null when the path did not exist. */
type Snapshot = Map<string, Buffer | null>;

export class ProjectTransaction {
  private readonly snapshot: Snapshot = new Map();
  private readonly createdDirs: string[] = [];
  private readonly trees: { dir: string; files: Set<string> }[] = [];

  constructor(private readonly root: string) {}

  /** Remembers a file as it is now, once, so it can be restored. */
  protect(path: string): void {
    const absolute = join(this.root, path);
    if (this.snapshot.has(absolute)) return;
    this.snapshot.set(absolute, existsSync(absolute) ? readFileSync(absolute) : null);
  }

  /**
   * Remembers every file below a folder that an outside tool (an installer, a
   * generator) is about to rewrite; files it adds there are removed on rollback.
   */
  protectTree(path: string): void {
    const dir = join(this.root, path);
    const files = new Set(listFiles(dir));
    for (const file of files) this.protect(relative(this.root, file));
    this.trees.push({ dir, files });
  }

  /** Applies one planned change, atomically per file. */
  apply(change: FileChange): void {
    this.protect(change.path);
    const absolute = join(this.root, change.path);
    if (change.after === null) {
      rmSync(absolute, { force: true });
      return;
    }
    this.makeDirs(dirname(absolute));
    const temporary = `${absolute}.create-auth-${process.pid}.tmp`;
    writeFileSync(temporary, change.after);
    renameSync(temporary, absolute);
  }

  /** Puts every protected path back as it was and removes created folders. */
  rollback(): void {
    for (const { dir, files } of this.trees) {
      for (const file of listFiles(dir)) if (!files.has(file)) rmSync(file, { force: true });
    }
    for (const [absolute, content] of this.snapshot) {
      if (content === null) rmSync(absolute, { force: true });
      else {
        mkdirSync(dirname(absolute), { recursive: true });
        writeFileSync(absolute, content);
      }
    }
    const deepestFirst = [...this.createdDirs].sort((a, b) => b.length - a.length);
    for (const dir of deepestFirst) removeIfEmpty(dir);
    this.snapshot.clear();
  }

  private makeDirs(dir: string): void {
    const missing: string[] = [];
    for (let current = dir; !existsSync(current); current = dirname(current)) missing.push(current);
    mkdirSync(dir, { recursive: true });
    this.createdDirs.push(...missing.reverse());
  }
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

function removeIfEmpty(dir: string): void {
  try {
    rmdirSync(dir);
  } catch {
    // Not empty: something else lives there, so the folder stays.
  }
}
