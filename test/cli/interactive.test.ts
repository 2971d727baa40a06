/**
 * init at a terminal, through a pseudo-terminal made by util-linux `script`, so
 * the questions are really asked: Ctrl-C at a question ends the run quietly and
 * leaves the project as it was.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { REPO_ROOT } from '../support/fixture-deps.js';
import { copyFixture, removeProject, snapshotTree } from '../support/temp-project.js';

describe('init at a terminal', () => {
  let dir = '';

  beforeAll(async () => {
    dir = await copyFixture('examples/express-sqlite');
    writeFileSync(join(dir, '.env'), `DATABASE_URL="file:${join(dir, 'dev.db')}"\n`);
  });
  afterAll(() => {
    if (dir) removeProject(dir);
  });

  it('asks, and on Ctrl-C says it wrote nothing, exits 130, and changed nothing', async () => {
    const before = snapshotTree(dir);
    const command = `node ${join(REPO_ROOT, 'bin/create-auth.js')} init`;
    const run = execa('script', ['-qfec', command, '/dev/null'], { cwd: dir, reject: false, env: { NO_COLOR: '1' } });
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no question within 30 s:\n${output}`)), 30_000);
      run.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (!output.includes('Transports (how the token travels)')) return;
        clearTimeout(timer);
        resolve();
      });
    });
    run.stdin?.write('\x03');
    const result = await run;

    expect(result.stdout).toContain('Cancelled. Nothing was written.');
    expect(result.stdout).not.toContain('ExitPromptError');
    expect(result.exitCode).toBe(130);
    expect(snapshotTree(dir)).toEqual(before);
  });
});
