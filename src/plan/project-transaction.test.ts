import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { useTempTrees } from '../../test/support/temp-tree.js';
import { UserError } from '../util/user-error.js';
import type { FileChange } from './plan.js';
import { describeWriteError, ProjectTransaction } from './project-transaction.js';

const tree = useTempTrees('transaction');

const change = (path: string, before: string | null, after: string | null): FileChange => ({
  path,
  before,
  after,
  kind: 'template',
});

/** Every file below a folder, recursively, as path → text. */
function filesIn(dir: string): Record<string, string> {
  const entries = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
  return Object.fromEntries(
    entries.map((entry) => {
      const path = join(entry.parentPath, entry.name);
      return [path.slice(dir.length + 1), readFileSync(path, 'utf8')];
    }),
  );
}

describe('ProjectTransaction', () => {
  it('puts back changed and deleted files, removes created files and folders', () => {
    const root = tree({ 'a.txt': 'a\n', 'gone.txt': 'gone\n' });
    const transaction = new ProjectTransaction(root);
    transaction.apply(change('a.txt', 'a\n', 'A\n'));
    transaction.apply(change('gone.txt', 'gone\n', null));
    transaction.apply(change('new/deep/b.txt', null, 'b\n'));
    expect(filesIn(root)).toEqual({ 'a.txt': 'A\n', 'new/deep/b.txt': 'b\n' });

    expect(transaction.rollback()).toEqual([]);
    expect(filesIn(root)).toEqual({ 'a.txt': 'a\n', 'gone.txt': 'gone\n' });
    expect(existsSync(join(root, 'new'))).toBe(false);
  });

  it('keeps the mode of a file it replaces, and puts the mode back with the bytes', () => {
    const root = tree({ '.env': 'SECRET=1\n' });
    const env = join(root, '.env');
    chmodSync(env, 0o600);
    const transaction = new ProjectTransaction(root);
    transaction.apply(change('.env', 'SECRET=1\n', 'SECRET=2\n'));
    expect(statSync(env).mode & 0o777).toBe(0o600);
    chmodSync(env, 0o644);
    transaction.rollback();
    expect(readFileSync(env, 'utf8')).toBe('SECRET=1\n');
    expect(statSync(env).mode & 0o777).toBe(0o600);
  });

  it('names the file and the cause when a write fails, leaves no temporary file, and rolls back what came before', () => {
    const root = tree({ 'a.txt': 'a\n', 'config.ts/inside.txt': 'a folder where a file should be\n' });
    const transaction = new ProjectTransaction(root);
    transaction.apply(change('a.txt', 'a\n', 'A\n'));
    let failure: unknown;
    try {
      transaction.apply(change('config.ts', null, 'export {};\n'));
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(UserError);
    expect((failure as UserError).message).toBe('Could not write config.ts: a folder is in the way (EISDIR).');
    expect((failure as UserError).fix).toContain('Move the folder away');
    expect(readdirSync(root).filter((name) => name.includes('.tmp'))).toEqual([]);

    transaction.rollback();
    expect(filesIn(root)).toEqual({ 'a.txt': 'a\n', 'config.ts/inside.txt': 'a folder where a file should be\n' });
  });

  it('removes what an outside tool added to a protected tree and restores what it rewrote', () => {
    const root = tree({ 'generated/client.ts': 'old\n', 'db/dev.db': 'rows\n' });
    const transaction = new ProjectTransaction(root);
    transaction.protectTree('generated');
    // Absolute paths are accepted too: a SQLite database may live outside the project.
    transaction.protect(join(root, 'db/dev.db'));
    transaction.protect(join(root, 'db/dev.db-journal'));
    writeFileSync(join(root, 'generated/client.ts'), 'new\n');
    mkdirSync(join(root, 'generated/models'));
    writeFileSync(join(root, 'generated/models/User.ts'), 'user\n');
    writeFileSync(join(root, 'db/dev.db'), 'migrated rows\n');
    writeFileSync(join(root, 'db/dev.db-journal'), 'journal\n');

    transaction.rollback();
    expect(filesIn(root)).toEqual({ 'generated/client.ts': 'old\n', 'db/dev.db': 'rows\n' });
  });

  it('removes the folders an outside tool made in and above a protected tree that was not there', () => {
    // Empty folders left behind made the next `prisma generate` refuse the output folder.
    const root = tree({ 'src/app.ts': 'app\n' });
    const transaction = new ProjectTransaction(root);
    transaction.protectTree('src/generated/prisma');
    mkdirSync(join(root, 'src/generated/prisma/models'), { recursive: true });
    mkdirSync(join(root, 'src/generated/prisma/internal'));
    writeFileSync(join(root, 'src/generated/prisma/models/User.ts'), 'user\n');

    transaction.rollback();

    expect(existsSync(join(root, 'src/generated'))).toBe(false);
    expect(filesIn(root)).toEqual({ 'src/app.ts': 'app\n' });
  });

  it('keeps the folders of a protected tree that were there before', () => {
    const root = tree({ 'generated/keep/old.ts': 'old\n' });
    const transaction = new ProjectTransaction(root);
    transaction.protectTree('generated');
    mkdirSync(join(root, 'generated/empty-before'), { recursive: true });

    transaction.rollback();

    expect(existsSync(join(root, 'generated/keep'))).toBe(true);
    expect(existsSync(join(root, 'generated/empty-before'))).toBe(false);
    expect(filesIn(root)).toEqual({ 'generated/keep/old.ts': 'old\n' });
  });

  it('leaves a file that is as it was alone on rollback (one it could not write, say)', () => {
    const root = tree({ 'a.txt': 'a\n' });
    const transaction = new ProjectTransaction(root);
    transaction.protect('a.txt');
    const before = statSync(join(root, 'a.txt')).mtimeMs;
    transaction.rollback();
    expect(statSync(join(root, 'a.txt')).mtimeMs).toBe(before);
  });
});

describe('describeWriteError', () => {
  it.each([
    ['ENOSPC', 'the disk is full (ENOSPC)'],
    ['EROFS', 'it is on a read-only file system (EROFS)'],
    ['EPERM', 'the file or its folder is read-only or not yours to change (EPERM)'],
    ['EACCES', 'the file or its folder is read-only or not yours to change (EACCES)'],
    ['EBUSY', 'it is in use or a mount point (EBUSY), so it cannot be replaced'],
  ])('%s', (code, problem) => {
    expect(describeWriteError(code)?.problem).toBe(problem);
    expect(describeWriteError(code)?.fix).toMatch(/then run the command again\.$/);
  });

  it('leaves codes it has no words for to the error’s own message', () => {
    expect(describeWriteError('EIO')).toBeNull();
    expect(describeWriteError(undefined)).toBeNull();
  });
});
