import { describe, expect, it } from 'vitest';

import { BACKEND_KINDS } from '../options.js';
import { authEnvSettings } from './plan-env-settings.js';

const redisBackend = BACKEND_KINDS.filter((kind) => kind.strategy === 'redis');
const valueOf = (settings: ReturnType<typeof authEnvSettings>, name: string) =>
  settings.find((setting) => setting.name === name)?.value;

describe('authEnvSettings', () => {
  it('writes the REDIS_URL create-auth runs with, and the local default without one', () => {
    const shell = { REDIS_URL: 'redis://cache.internal:6380/2' };
    expect(valueOf(authEnvSettings(redisBackend, false, shell), 'REDIS_URL')).toBe(shell.REDIS_URL);
    expect(valueOf(authEnvSettings(redisBackend, false, {}), 'REDIS_URL')).toBe('redis://127.0.0.1:6379');
  });

  it('keeps the example file on the local default, whatever the shell has', () => {
    const shell = { REDIS_URL: 'redis://:pw@cache.internal:6380/2' };
    expect(valueOf(authEnvSettings(redisBackend, true, shell), 'REDIS_URL')).toBe('redis://127.0.0.1:6379');
  });

  it('gives each run a fresh JWT secret, and the example file none', () => {
    const jwt = BACKEND_KINDS.filter((kind) => kind.strategy === 'jwt');
    const first = valueOf(authEnvSettings(jwt, false, {}), 'AUTH_JWT_SECRET');
    expect(first).toMatch(/^[\w-]{43}$/);
    expect(valueOf(authEnvSettings(jwt, false, {}), 'AUTH_JWT_SECRET')).not.toBe(first);
    expect(valueOf(authEnvSettings(jwt, true, {}), 'AUTH_JWT_SECRET')).toBe('');
  });
});
