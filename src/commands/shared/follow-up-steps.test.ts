import { describe, expect, it } from 'vitest';

import type { FollowUpStep } from '../../plan/apply-plan.js';
import type { ProjectInfo } from '../../project/detect-project.js';
import { sqliteFiles, withTypecheck } from './follow-up-steps.js';

describe('sqliteFiles', () => {
  const project = (provider: string) => ({ prisma: { provider } }) as ProjectInfo;

  it('is the database file and the journals beside it, resolved as the migration resolves it', () => {
    const files = sqliteFiles(project('sqlite'), { url: 'file:./dev.db?connection_limit=1', baseDir: '/app/prisma' });
    expect(files).toEqual(['/app/prisma/dev.db', '/app/prisma/dev.db-journal', '/app/prisma/dev.db-wal', '/app/prisma/dev.db-shm']);
  });

  it('is nothing for an in-memory database or a database server', () => {
    expect(sqliteFiles(project('sqlite'), { url: 'file::memory:', baseDir: '/app' })).toEqual([]);
    expect(sqliteFiles(project('postgresql'), { url: 'postgresql://localhost/app', baseDir: '/app' })).toEqual([]);
  });
});

describe('withTypecheck', () => {
  const step = (label: string, changesDatabase = false): FollowUpStep => ({ label, changesDatabase, run: async () => {} });

  it('runs the type-check after the client is generated and before the migration', () => {
    const { steps } = withTypecheck([step('npm install'), step('prisma generate'), step('migrate', true)], '/app', []);
    expect(steps.map((entry) => entry.label)).toEqual(['npm install', 'prisma generate', 'tsc --noEmit', 'migrate']);
  });

  it('runs it last when nothing migrates, and has no result before it ran', () => {
    const { steps, typecheck } = withTypecheck([step('prisma generate')], '/app', []);
    expect(steps.map((entry) => entry.label)).toEqual(['prisma generate', 'tsc --noEmit']);
    expect(() => typecheck()).toThrow('The type-check has not run yet.');
  });
});
