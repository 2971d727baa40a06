/**
 * Writes that really fail part-way through `init`: a full disk (a small tmpfs
 * filled up), an immutable file (chattr +i) and a read-only bind mount. The
 * tests run as root, where chmod stops nothing, so they use what the kernel
 * enforces even for root. Each run must fail with a message naming the file and
 * the cause, and leave the project byte-identical.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, afterEach, describe, expect, it } from 'vitest';

import { copyExample, runCli, snapshotTree } from '../support/temp-project.js';

const INIT = ['init', '--yes', '--no-install', '--backends', 'bearer-jwt'];

/** Runs a system command; true when it exited 0. */
function run(command: string, ...args: string[]): boolean {
  return spawnSync(command, args, { stdio: 'ignore' }).status === 0;
}

// Mounting needs CAP_SYS_ADMIN (root in a container may lack it); chattr needs a
// file system with the immutable flag (ext4, xfs, btrfs; not tmpfs or overlayfs).
function probeMount(): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'create-auth-probe-'));
  const mounted = run('mount', '-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir);
  if (mounted) run('umount', dir);
  rmSync(dir, { recursive: true, force: true });
  return mounted;
}

function probeImmutable(): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'create-auth-probe-'));
  const file = join(dir, 'probe');
  writeFileSync(file, '');
  const set = run('chattr', '+i', file);
  const refused = set && spawnSync('sh', ['-c', `echo x > "${file}"`], { stdio: 'ignore' }).status !== 0;
  if (set) run('chattr', '-i', file);
  rmSync(dir, { recursive: true, force: true });
  return refused;
}

const canMount = probeMount();
const canMakeImmutable = probeImmutable();

const mounts: string[] = [];
const immutable: string[] = [];
const folders: string[] = [];

function unmountAll(): void {
  // Deepest first; a lazy unmount when a process that just ended still holds it.
  for (const dir of mounts.splice(0).reverse()) if (!run('umount', dir)) run('umount', '-l', dir);
  for (const file of immutable.splice(0)) run('chattr', '-i', file);
}

afterEach(unmountAll);
afterAll(() => {
  unmountAll();
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The example with a .env, copied into `parent` (a new temporary folder when not given). */
function example(parent?: string): Promise<string> {
  return copyExample(folders, parent ? { into: join(parent, 'project') } : {});
}

/** A tmpfs of 4 MiB with the example in it, filled so only `free` bytes are left. */
async function exampleOnFullDisk(free: number): Promise<string> {
  const disk = mkdtempSync(join(tmpdir(), 'create-auth-disk-'));
  folders.push(disk);
  if (!run('mount', '-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', disk)) throw new Error(`could not mount a tmpfs on ${disk}`);
  mounts.push(disk);
  const dir = await example(disk);
  const { bavail, bsize } = statfsSync(disk);
  writeFileSync(join(disk, 'filler'), Buffer.alloc(bavail * bsize - free));
  expect(statfsSync(disk).bavail * bsize).toBe(free);
  return dir;
}

describe('init on a full disk', () => {
  it.skipIf(!canMount)('stops at the file that did not fit, names the cause and puts back what it wrote', async () => {
    // 32 KiB hold the first few auth files (a tmpfs block is 4 KiB), not all of them.
    const dir = await exampleOnFullDisk(32 * 1024);
    const before = snapshotTree(dir);
    const result = await runCli(dir, INIT);
    expect(result.exitCode, result.all).toBe(1);
    const failed = /Could not write (\S+): the disk is full \(ENOSPC\)\./.exec(result.all)?.[1];
    expect(failed, result.all).toBeDefined();
    // Part-way: the migration (written first) fitted, so there was something to put back.
    expect(failed).not.toMatch(/migration\.sql$/);
    expect(result.all).toContain('Free some space on that disk');
    expect(result.all).toContain('Every file create-auth changed has been put back as it was.');
    expect(snapshotTree(dir)).toEqual(before);
  });

  it.skipIf(!canMount)('when the files fit but the generated Prisma Client does not, puts back the files and the client', async () => {
    // The auth files take about 100 KiB here; the generated client about 250 KiB more.
    const dir = await exampleOnFullDisk(128 * 1024);
    const before = snapshotTree(dir);
    const result = await runCli(dir, INIT);
    expect(result.exitCode, result.all).toBe(1);
    expect(result.all).toContain('`prisma generate` failed');
    expect(result.all).toMatch(/ENOSPC: no space left on device/);
    expect(result.all).toContain('Every file create-auth changed has been put back as it was.');
    expect(snapshotTree(dir)).toEqual(before);
  });
});

describe('init with a file it must change that cannot be changed', () => {
  it.skipIf(!canMakeImmutable)('an immutable package.json (chattr +i): names it, and the files written before it are put back', async () => {
    const dir = await example();
    const before = snapshotTree(dir);
    const manifest = join(dir, 'package.json');
    expect(run('chattr', '+i', manifest)).toBe(true);
    immutable.push(manifest);
    const result = await runCli(dir, INIT);
    expect(result.exitCode, result.all).toBe(1);
    expect(result.all).toContain('Could not write package.json: the file or its folder is read-only or not yours to change (EPERM).');
    expect(result.all).toContain('chattr -i');
    expect(result.all).toContain('Every file create-auth changed has been put back as it was.');
    expect(snapshotTree(dir)).toEqual(before);
  });

  it.skipIf(!canMount)('src/ bind-mounted read-only: names the file and the read-only file system', async () => {
    const dir = await example();
    const before = snapshotTree(dir);
    const src = join(dir, 'src');
    expect(run('mount', '--bind', src, src)).toBe(true);
    mounts.push(src);
    expect(run('mount', '-o', 'remount,bind,ro', src)).toBe(true);
    const result = await runCli(dir, INIT);
    expect(result.exitCode, result.all).toBe(1);
    expect(result.all).toMatch(/Could not write src\/\S+: it is on a read-only file system \(EROFS\)\./);
    expect(result.all).toContain('Every file create-auth changed has been put back as it was.');
    expect(snapshotTree(dir)).toEqual(before);
  });
});
