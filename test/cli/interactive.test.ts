/**
 * init at a terminal, through a pseudo-terminal made by util-linux `script`, so
 * the questions are really asked: Ctrl-C at a question ends the run quietly and
 * leaves the project as it was; a rerun that takes what it is offered changes nothing.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { REPO_ROOT } from '../support/fixture-deps.js';
import { copyFixture, removeProject, runCli, snapshotTree } from '../support/temp-project.js';

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
    const result = await atTerminal(dir, ['init'], [['Transports (how the token travels)', '\x03']]);

    expect(result.output).toContain('Cancelled. Nothing was written.');
    expect(result.output).not.toContain('ExitPromptError');
    expect(result.exitCode).toBe(130);
    expect(snapshotTree(dir)).toEqual(before);
  });

  it('on a rerun offers the backends as they are, and taking them changes nothing, order included', async () => {
    const first = await runCli(dir, ['init', '--yes', '--no-install', '--backends', 'cookie-database,bearer-jwt']);
    expect(first.exitCode, first.all).toBe(0);
    const added = await runCli(dir, ['add-backend', 'bearer-database', '--name', 'api', '--yes', '--no-install']);
    expect(added.exitCode, added.all).toBe(0);
    const before = snapshotTree(dir);

    const rerun = await atTerminal(dir, ['init'], [
      ['Transports (how the token travels)', '\r'],
      ['Strategies (what the token is)', '\r'],
      ['Backends (tried in this order', '\r'],
    ]);
    expect(rerun.exitCode, rerun.output).toBe(0);
    expect(rerun.output).toContain('Nothing to change');
    expect(snapshotTree(dir)).toEqual(before);
  });
});

/**
 * Runs the CLI in a pseudo-terminal; each time the output shows a prompt's text,
 * types that step's keys.
 */
async function atTerminal(
  cwd: string,
  args: string[],
  steps: [prompt: string, keys: string][],
): Promise<{ exitCode: number; output: string }> {
  const command = ['node', join(REPO_ROOT, 'bin/create-auth.js'), ...args].join(' ');
  const run = execa('script', ['-qfec', command, '/dev/null'], { cwd, reject: false, env: { NO_COLOR: '1' } });
  let output = '';
  let next = 0;
  let seen = 0;
  run.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    const step = steps[next];
    if (!step) return;
    const at = output.indexOf(step[0], seen);
    if (at === -1) return;
    seen = at + step[0].length;
    next += 1;
    // A moment for the prompt to finish drawing and listen for keys.
    setTimeout(() => run.stdin?.write(step[1]), 200);
  });
  const timer = setTimeout(() => run.kill(), 60_000);
  const result = await run;
  clearTimeout(timer);
  if (next < steps.length) throw new Error(`the prompt "${steps[next]![0]}" never came:\n${output}`);
  return { exitCode: result.exitCode ?? 1, output };
}
