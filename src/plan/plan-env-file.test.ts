import { describe, expect, it } from 'vitest';

import { planEnvFile } from './plan-env-file.js';

const secret = { name: 'AUTH_JWT_SECRET', value: 'abc', comment: 'Signs JWTs.' };
const redis = { name: 'REDIS_URL', value: 'redis://127.0.0.1:6379', comment: 'Redis.' };

describe('planEnvFile', () => {
  it('appends missing settings after a blank line', () => {
    expect(planEnvFile('PORT=3000\n', [secret])).toBe('PORT=3000\n\n# Signs JWTs.\nAUTH_JWT_SECRET=abc\n');
  });

  it('never overwrites a value, even an empty one', () => {
    const current = 'AUTH_JWT_SECRET=\nREDIS_URL=redis://elsewhere:6379\n';
    expect(planEnvFile(current, [secret, redis])).toBe(current);
  });

  it('creates the file when there is none', () => {
    expect(planEnvFile(null, [redis])).toBe('# Redis.\nREDIS_URL=redis://127.0.0.1:6379\n');
  });

  it('adds a newline to a file that lacks a final one', () => {
    expect(planEnvFile('A=1', [secret])).toBe('A=1\n\n# Signs JWTs.\nAUTH_JWT_SECRET=abc\n');
  });
});
