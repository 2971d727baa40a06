import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';

import { isGitIgnored } from './is-git-ignored.js';

const dirs: string[] = [];
function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'create-auth-ignore-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('isGitIgnored', () => {
  it('asks git inside a repository', async () => {
    const dir = folder();
    await execa('git', ['init', '-q'], { cwd: dir });
    expect(await isGitIgnored(dir, '.env')).toBe(false);
    writeFileSync(join(dir, '.gitignore'), '*.local\n.env\n');
    expect(await isGitIgnored(dir, '.env')).toBe(true);
  });

  it('reads .gitignore outside a repository', async () => {
    const dir = folder();
    expect(await isGitIgnored(dir, '.env')).toBe(false);
    writeFileSync(join(dir, '.gitignore'), 'node_modules\n*.env*\n');
    expect(await isGitIgnored(dir, '.env')).toBe(true);
    writeFileSync(join(dir, '.gitignore'), '.env\n!.env\n');
    expect(await isGitIgnored(dir, '.env')).toBe(false);
  });
});
