/**
 * Redis unreachable (REDIS_URL names a port nobody listens on): what needs Redis
 * answers 503 with JSON at once, and the JWT backend listed after it still works.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { freePort, startServer, type StartedServer } from '../support/server.js';
import { copyFixture, removeProject, runCli } from '../support/temp-project.js';

const CREDENTIALS = { email: 'redis-down@example.com', password: 'correct horse battery' };

describe('a Redis backend while Redis is down', () => {
  let dir = '';
  let server: StartedServer;

  beforeAll(async () => {
    dir = await copyFixture('examples/express-sqlite');
    const redisUrl = `redis://127.0.0.1:${await freePort()}`;
    writeFileSync(join(dir, '.env'), `DATABASE_URL="file:${join(dir, 'dev.db')}"\nREDIS_URL=${redisUrl}\n`);
    const init = await runCli(dir, ['init', '--yes', '--no-install', '--backends', 'bearer-redis,bearer-jwt']);
    if (init.exitCode !== 0) throw new Error(`init failed:\n${init.all}`);
    server = await startServer(dir);
  });
  afterAll(async () => {
    await server?.stop();
    if (dir) removeProject(dir);
  });

  const post = (path: string, body: unknown) =>
    fetch(`${server.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(5_000),
    });

  it('answers a Redis login with 503 and a JSON body, without waiting for Redis', async () => {
    expect((await post('/auth/register', CREDENTIALS)).status).toBe(201);
    const login = await post('/auth/bearer-redis/login', CREDENTIALS);
    expect(login.status).toBe(503);
    expect(await login.json()).toEqual({ detail: 'Service Unavailable' });
  });

  it('still finds the user through the JWT backend tried after the Redis one', async () => {
    const login = await post('/auth/bearer-jwt/login', CREDENTIALS);
    const { access_token: token } = (await login.json()) as { access_token: string };
    const me = await fetch(`${server.baseUrl}/users/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
  });

  it('logs Redis being away once, not once per reconnect attempt', async () => {
    // ioredis retries every few hundred milliseconds; give it several tries.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const lines = server.output().split('\n').filter((line) => line.includes('[auth] Redis:'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/ECONNREFUSED.*answering 503 where Redis is needed until it is back/);
  });

  it('answers 503, not 401, when no backend could tell', async () => {
    const me = await fetch(`${server.baseUrl}/users/me`, { headers: { authorization: 'Bearer not-a-token' } });
    expect(me.status).toBe(503);
    expect(await me.json()).toEqual({ detail: 'Service Unavailable' });
  });
});
