import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import { useTempTrees } from '../../test/support/temp-tree.js';
import { listenForInterrupts } from '../util/listen-for-interrupts.js';
import { logger } from '../util/logger.js';
import { InterruptedError, UserError } from '../util/user-error.js';
import { applyPlan, type FollowUpStep } from './apply-plan.js';
import type { Plan } from './plan.js';

const tree = useTempTrees('apply-plan');

// The CLI's own listeners; the tests hand them the signal with process.emit, as
// the process does when Ctrl-C arrives, without sending a real one to the runner.
beforeAll(() => {
  logger.configure({ silent: true });
  listenForInterrupts();
});

const plan: Plan = {
  changes: [{ path: 'src/app.ts', before: 'app\n', after: 'app with auth\n', kind: 'codemod' }],
  manualSteps: [],
};

describe('applyPlan and Ctrl-C', () => {
  it('puts back the files and the SQLite database when Ctrl-C comes during a step', async () => {
    const root = tree({ 'src/app.ts': 'app\n', 'dev.db': 'rows\n' });
    const migrate: FollowUpStep = {
      label: 'apply pending migrations',
      protectFiles: ['dev.db'],
      run: async () => {
        writeFileSync(join(root, 'dev.db'), 'rows and tables\n');
        process.emit('SIGINT');
      },
    };
    const applying = applyPlan(root, plan, [migrate]);
    await expect(applying).rejects.toBeInstanceOf(InterruptedError);
    await expect(applying).rejects.toThrow('Interrupted.\nEvery file create-auth changed has been put back as it was.');
    expect(readFileSync(join(root, 'src/app.ts'), 'utf8')).toBe('app\n');
    expect(readFileSync(join(root, 'dev.db'), 'utf8')).toBe('rows\n');
  });

  it('does not start the next step once interrupted', async () => {
    const root = tree({ 'src/app.ts': 'app\n' });
    let started = false;
    const steps: FollowUpStep[] = [
      { label: 'prisma generate', run: async () => void process.emit('SIGINT') },
      { label: 'tsc --noEmit', run: async () => void (started = true) },
    ];
    await expect(applyPlan(root, plan, steps)).rejects.toBeInstanceOf(InterruptedError);
    expect(started).toBe(false);
  });

  it('fails with a plain UserError, and puts everything back, when a step fails', async () => {
    const root = tree({ 'src/app.ts': 'app\n' });
    const failing: FollowUpStep = { label: 'prisma generate', run: async () => Promise.reject(new Error('boom')) };
    const applying = applyPlan(root, plan, [failing]);
    await expect(applying).rejects.toThrow('boom\nEvery file create-auth changed has been put back as it was.');
    await expect(applying).rejects.not.toBeInstanceOf(InterruptedError);
    await expect(applying).rejects.toBeInstanceOf(UserError);
    expect(readFileSync(join(root, 'src/app.ts'), 'utf8')).toBe('app\n');
  });

  // Last: after a completed change the CLI's handler ends the process on the next Ctrl-C.
  it('keeps the change when Ctrl-C comes during a step that cannot be undone (a server migration)', async () => {
    const root = tree({ 'src/app.ts': 'app\n' });
    const migrate: FollowUpStep = {
      label: 'apply pending migrations to postgresql',
      commits: true,
      changesDatabase: true,
      run: async () => void process.emit('SIGINT'),
    };
    await expect(applyPlan(root, plan, [migrate])).resolves.toBeUndefined();
    expect(readFileSync(join(root, 'src/app.ts'), 'utf8')).toBe('app with auth\n');
  });
});
