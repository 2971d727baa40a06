import { describe, expect, it } from 'vitest';

import { moduleSpecifier, relativeSpecifier } from './paths.js';

describe('moduleSpecifier', () => {
  const alias = { prefix: '@/', dir: 'src' };

  it('imports through the alias when it covers the module', () => {
    expect(moduleSpecifier('src/auth', 'src/db', alias)).toBe('@/db');
    expect(moduleSpecifier('src', 'src/auth/express', alias)).toBe('@/auth/express');
    expect(moduleSpecifier('src', 'src/auth/express', { prefix: '~/', dir: '.' })).toBe('~/src/auth/express');
  });

  it('uses a relative path outside the alias folder, or without an alias', () => {
    expect(moduleSpecifier('src/auth', 'generated/prisma/client', alias)).toBe('../../generated/prisma/client');
    expect(moduleSpecifier('src/auth', 'src/db', null)).toBe('../db');
    expect(relativeSpecifier('src', 'src/auth/hono')).toBe('./auth/hono');
  });
});
