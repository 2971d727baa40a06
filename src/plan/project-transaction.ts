/**
 * All-or-nothing changes to a project. Every path is snapshotted before the first
 * write that touches it; `rollback` puts back every byte (and the file's mode) and
 * removes what was created, so a failed or interrupted command leaves the project
 * as it was. A file is written to a temporary file beside it and renamed into
 * place, so it is never seen half-written; a write that fails (a full disk, a
 * read-only file) leaves no temporary file and names the file and the cause.
 */
import {
  chmodSync,
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
import { dirname, join, relative, resolve } from 'node:path';

import { UserError } from '../util/user-error.js';
import type { FileChange } from './plan.js';

/** A file as it was: its bytes and permission bits. */
interface Original {
  bytes: Buffer;
  mode: number;
}

/** Originals by absolute path; null when the path did not exist. */
type Snapshot = Map<string, Original | null>;

export class ProjectTransaction {
  private readonly snapshot: Snapshot = new Map();
  private readonly createdDirs: string[] = [];
  private readonly trees: { dir: string; files: Set<string>; folders: Set<string>; missing: string[] }[] = [];

  constructor(private readonly root: string) {}

  /** Remembers a file (project-relative or absolute) as it is now, once, so it can be restored. */
  protect(path: string): void {
    const absolute = resolve(this.root, path);
    if (this.snapshot.has(absolute)) return;
    const exists = existsSync(absolute);
    this.snapshot.set(absolute, exists ? { bytes: readFileSync(absolute), mode: statSync(absolute).mode } : null);
  }

  /**
   * Remembers every file below a folder that an outside tool (an installer, a
   * generator) is about to rewrite; files and folders it adds there, the folder
   * itself included, are removed on rollback.
   */
  protectTree(path: string): void {
    const dir = resolve(this.root, path);
    const files = new Set(listFiles(dir));
    for (const file of files) this.protect(relative(this.root, file));
    const missing: string[] = [];
    for (let current = dirname(dir); !existsSync(current); current = dirname(current)) missing.push(current);
    this.trees.push({ dir, files, folders: new Set(listFolders(dir)), missing });
  }

  /** Applies one planned change, atomically per file; throws a UserError naming the file when it cannot. */
  apply(change: FileChange): void {
    const absolute = resolve(this.root, change.path);
    if (change.after === null) {
      attempt('delete', change.path, () => {
        this.protect(change.path);
        rmSync(absolute, { force: true });
      });
      return;
    }
    const temporary = `${absolute}.create-auth-${process.pid}.tmp`;
    attempt('write', change.path, () => {
      this.protect(change.path);
      const mode = this.snapshot.get(absolute)?.mode;
      try {
        this.makeDirs(dirname(absolute));
        writeFileSync(temporary, change.after!);
        // The new file keeps the permissions of the one it replaces (a 0600 .env stays 0600).
        if (mode !== undefined) chmodSync(temporary, mode);
        renameSync(temporary, absolute);
      } catch (error) {
        removeQuietly(temporary);
        throw error;
      }
    });
  }

  /**
   * Puts every protected path back as it was and removes created folders.
   * Created files go first, which frees the space the restored ones need on a
   * full disk. Returns the paths it could not put back (none, normally).
   */
  rollback(): string[] {
    const failed: string[] = [];
    const undo = (absolute: string, work: () => void) => {
      try {
        work();
      } catch {
        failed.push(relative(this.root, absolute));
      }
    };
    for (const { dir, files } of this.trees) {
      for (const file of listFiles(dir)) if (!files.has(file)) undo(file, () => rmSync(file, { force: true }));
    }
    const added = this.trees.flatMap(({ dir, folders, missing }) => [
      ...listFolders(dir).filter((folder) => !folders.has(folder)),
      ...missing,
    ]);
    const entries = [...this.snapshot];
    for (const [absolute, original] of entries) {
      if (original === null) undo(absolute, () => rmSync(absolute, { force: true }));
    }
    for (const [absolute, original] of entries) {
      if (original !== null) undo(absolute, () => restore(absolute, original));
    }
    const deepestFirst = [...this.createdDirs, ...added].sort((a, b) => b.length - a.length);
    for (const dir of deepestFirst) removeIfEmpty(dir);
    this.snapshot.clear();
    return failed;
  }

  private makeDirs(dir: string): void {
    const missing: string[] = [];
    for (let current = dir; !existsSync(current); current = dirname(current)) missing.push(current);
    // One at a time, shallowest first: a recursive mkdir reports a read-only file system as ENOENT.
    for (const folder of missing.reverse()) {
      mkdirSync(folder);
      this.createdDirs.push(folder);
    }
  }
}

// Written in place: truncating the file first frees its space, which a full disk needs.
// A file that is as it was is left alone (it may be one that could not be written).
function restore(absolute: string, original: Original): void {
  if (isUnchanged(absolute, original)) return;
  mkdirSync(dirname(absolute), { recursive: true });
  writeFileSync(absolute, original.bytes);
  chmodSync(absolute, original.mode);
}

function isUnchanged(absolute: string, original: Original): boolean {
  if (!existsSync(absolute) || statSync(absolute).mode !== original.mode) return false;
  return readFileSync(absolute).equals(original.bytes);
}

function attempt(verb: 'write' | 'delete', path: string, work: () => void): void {
  try {
    work();
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    const cause = describeWriteError(code);
    throw new UserError(`Could not ${verb} ${path}: ${cause?.problem ?? message}.`, cause?.fix);
  }
}

/** What a file-system error code means for a file the CLI must write, and what to do about it. */
export function describeWriteError(code: string | undefined): { problem: string; fix: string } | null {
  const again = 'then run the command again';
  switch (code) {
    case 'ENOSPC':
      return { problem: 'the disk is full (ENOSPC)', fix: `Free some space on that disk, ${again}.` };
    case 'EDQUOT':
      return { problem: 'your disk quota is used up (EDQUOT)', fix: `Free some space, ${again}.` };
    case 'EROFS':
      return { problem: 'it is on a read-only file system (EROFS)', fix: `Mount it read-write, ${again}.` };
    case 'EPERM':
    case 'EACCES':
      return {
        problem: `the file or its folder is read-only or not yours to change (${code})`,
        fix: `Make it writable (chmod, chown, or chattr -i for an immutable file), ${again}.`,
      };
    case 'EBUSY':
      return {
        problem: 'it is in use or a mount point (EBUSY), so it cannot be replaced',
        fix: `Unmount it or close what holds it, ${again}.`,
      };
    case 'EISDIR':
      return { problem: 'a folder is in the way (EISDIR)', fix: `Move the folder away, ${again}.` };
    case 'ENOTDIR':
      return { problem: 'a file is in the way of one of its folders (ENOTDIR)', fix: `Move that file away, ${again}.` };
    default:
      return null;
  }
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

/** The folder and every folder below it, or nothing when it does not exist. */
function listFolders(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  const below = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(entry.parentPath, entry.name));
  return [dir, ...below];
}

function removeQuietly(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // Its folder refuses changes too; the error that brought us here says so.
  }
}

function removeIfEmpty(dir: string): void {
  try {
    rmdirSync(dir);
  } catch {
    // Not empty: something else lives there, so the folder stays.
  }
}
