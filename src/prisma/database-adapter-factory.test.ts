import { describe, expect, it } from 'vitest';

import { resolveSqliteUrl } from './database-adapter-factory.js';

describe('resolveSqliteUrl', () => {
  it('resolves relative paths against the given folder', () => {
    expect(resolveSqliteUrl('file:./dev.db', '/app')).toBe('file:/app/dev.db');
    expect(resolveSqliteUrl('file:dev.db', '/app')).toBe('file:/app/dev.db');
    expect(resolveSqliteUrl('file:../data/dev.db', '/app/prisma')).toBe('file:/app/data/dev.db');
  });

  it('keeps absolute paths and drops Prisma-only query parameters', () => {
    expect(resolveSqliteUrl('file:/var/db/app.db?connection_limit=1', '/app')).toBe(
      'file:/var/db/app.db',
    );
    expect(resolveSqliteUrl('file:///var/db/app.db', '/app')).toBe('file:/var/db/app.db');
  });
});
