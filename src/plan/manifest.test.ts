import { describe, expect, it } from 'vitest';

import { type Manifest, renderManifest } from './manifest.js';

describe('renderManifest', () => {
  it('writes the same text for the same content, whatever order it was built in', () => {
    const manifest: Manifest = {
      version: '0.1.0',
      framework: 'express',
      database: 'sqlite',
      authDir: 'src/auth',
      userModel: 'Account',
      backends: [{ name: 'web', transport: 'cookie', strategy: 'redis' }],
      addedDependencies: ['zod', 'ioredis'],
      files: { 'src/auth/types.ts': 'sha256-b', 'src/auth/config.ts': 'sha256-a' },
    };
    const shuffled = {
      files: { 'src/auth/config.ts': 'sha256-a', 'src/auth/types.ts': 'sha256-b' },
      backends: [{ strategy: 'redis', transport: 'cookie', name: 'web' }],
      addedDependencies: ['ioredis', 'zod'],
      userModel: 'Account',
      authDir: 'src/auth',
      database: 'sqlite',
      framework: 'express',
      version: '0.1.0',
    } as Manifest;

    const text = renderManifest(manifest);
    expect(renderManifest(shuffled)).toBe(text);
    expect(Object.keys(JSON.parse(text))).toEqual([
      'version', 'framework', 'database', 'authDir', 'userModel', 'backends', 'addedDependencies', 'files',
    ]);
    expect(JSON.parse(text).backends).toEqual([{ name: 'web', transport: 'cookie', strategy: 'redis' }]);
    expect(text).toContain('"name": "web",\n      "transport": "cookie",\n      "strategy": "redis"');
    expect(text.endsWith('}\n')).toBe(true);
  });
});
