/**
 * Redis and PostgreSQL stopped while requests run, on a Redis and a PostgreSQL of
 * this file's own (the shared services stay up), against an Express, a Fastify and
 * a Hono project at once. What needs the stopped store answers 503 with a JSON body
 * within a second, never a 500 or a hang; what does not need it keeps answering
 * 200; the server processes live on; and service is back within a second of the
 * store accepting connections again.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  type PrivatePostgres,
  type PrivateService,
  startPrivatePostgres,
  startPrivateRedis,
} from '../support/private-services.js';
import { startServer, type StartedServer } from '../support/server.js';
import { copyFixture, removeProject, runCli } from '../support/temp-project.js';

/** How fast an answer must come while a store is down, and service after it is back. */
const WITHIN_MS = 1_000;
/**
 * How long Redis stays down. ioredis waits 50 ms longer after each failed reconnect
 * by default (up to 2 s): after 12 s it waits about 1.1 s between attempts, so an
 * uncapped client can miss the second after Redis is back. (Can, not must: where in
 * that wait Redis returns is chance, so this catches such a client only sometimes.)
 */
const REDIS_OUTAGE_MS = 12_000;
const UNAVAILABLE = { detail: 'Service Unavailable' };
const CREDENTIALS = { email: 'faults@example.com', password: 'correct horse battery' };
const BACKENDS = ['bearer-redis', 'bearer-database', 'bearer-jwt'];
// What an administrator (or a failover) does to every connection of the projects' databases.
const TERMINATE_SERVER_CONNECTIONS =
  "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname LIKE 'faults%'";

interface Framework {
  name: string;
  fixture: string;
  /** Makes the copied fixture a PostgreSQL project when it is not one. */
  prepare?: (dir: string) => void;
  /** A route of the app's own behind requireUser, GET /mine, written after init. */
  ownRoute: { imported: string; route: string };
}

const FRAMEWORKS: Framework[] = [
  {
    name: 'express',
    fixture: 'test/fixtures/express-cjs-postgres',
    ownRoute: {
      imported: 'authRouter',
      route: "app.get('/mine', requireUser, (_req, res) => {\n  res.json({ mine: true });\n});\n\n",
    },
  },
  {
    name: 'fastify',
    fixture: 'test/fixtures/fastify-esm-postgres',
    ownRoute: {
      imported: 'authRoutes',
      route: "app.get('/mine', { preHandler: requireUser }, async () => ({ mine: true }));\n\n  ",
    },
  },
  {
    name: 'hono',
    fixture: 'test/fixtures/hono-cjs-sqlite',
    prepare: honoOnPostgres,
    ownRoute: { imported: 'authRoutes', route: "app.get('/mine', requireUser, (c) => c.json({ mine: true }));\n\n" },
  },
];

/** One answer, timed; the body parsed when it is JSON. */
interface Answer {
  status: number;
  json: unknown;
  ms: number;
}

/** A fixture taken through init on the private services, its server, and a logged-in user. */
class FaultProject {
  dir = '';
  server!: StartedServer;
  /** A token per backend, for the user registered in setUp. */
  tokens: Record<string, string> = {};

  constructor(readonly framework: Framework) {}

  async setUp(databaseUrl: string, redisUrl: string): Promise<void> {
    this.dir = await copyFixture(this.framework.fixture);
    this.framework.prepare?.(this.dir);
    writeFileSync(join(this.dir, '.env'), `DATABASE_URL="${databaseUrl}"\nREDIS_URL=${redisUrl}\n`);
    const init = await runCli(this.dir, [
      'init',
      '--yes',
      '--no-install',
      '--backends',
      BACKENDS.join(','),
    ]);
    if (init.exitCode !== 0) throw new Error(`init failed:\n${init.all}`);
    this.addOwnRoute();
    this.server = await startServer(this.dir);

    const register = await this.call('POST', '/auth/register', { body: CREDENTIALS });
    if (register.status !== 201) throw new Error(`register answered ${register.status}`);
    for (const backend of BACKENDS) {
      const token = await this.login(backend);
      if (token === null) throw new Error(`login through ${backend} failed`);
      this.tokens[backend] = token;
    }
  }

  /** GET /mine, a route of the app's own that requireUser guards. */
  private addOwnRoute(): void {
    const path = join(this.dir, 'src/app.ts');
    const { imported, route } = this.framework.ownRoute;
    const text = readFileSync(path, 'utf8');
    const edited = text
      .replace(`{ ${imported} }`, `{ ${imported}, requireUser }`)
      .replace("app.get('/health',", `${route}app.get('/health',`);
    if (!edited.includes('requireUser }') || !edited.includes("'/mine'")) {
      throw new Error(`Could not add GET /mine to ${path}:\n${text}`);
    }
    writeFileSync(path, edited);
  }

  async tearDown(): Promise<void> {
    await this.server?.stop();
    if (this.dir) removeProject(this.dir);
  }

  async call(
    method: string,
    path: string,
    options: { body?: unknown; token?: string } = {},
  ): Promise<Answer> {
    const headers: Record<string, string> = {};
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const started = performance.now();
    const response = await fetch(`${this.server.baseUrl}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      // Well past WITHIN_MS, so a slow answer is measured rather than aborted.
      signal: AbortSignal.timeout(5 * WITHIN_MS),
    });
    const text = await response.text();
    const ms = performance.now() - started;
    const isJson = (response.headers.get('content-type') ?? '').includes('application/json');
    return { status: response.status, json: isJson ? (JSON.parse(text) as unknown) : text, ms };
  }

  /** A new token through this backend, or null when login did not answer 200. */
  async login(backend: string): Promise<string | null> {
    const answer = await this.call('POST', `/auth/${backend}/login`, { body: CREDENTIALS });
    return answer.status === 200 ? (answer.json as { access_token: string }).access_token : null;
  }

  me(backend: string): Promise<Answer> {
    return this.call('GET', '/users/me', { token: this.tokens[backend] });
  }

  /** Asserts a 503 with the JSON body, in under WITHIN_MS. */
  expectUnavailable(answer: Answer, what: string): void {
    const seen = { what, status: answer.status, json: answer.json };
    expect(seen, this.server.output()).toEqual({ what, status: 503, json: UNAVAILABLE });
    expect(answer.ms, `${what} took ${Math.round(answer.ms)} ms`).toBeLessThan(WITHIN_MS);
  }

  /** The server answers at all: it did not crash (nothing would restart it). */
  async expectAlive(): Promise<void> {
    expect((await this.call('GET', '/health')).status).toBe(200);
  }
}

const projects = FRAMEWORKS.map((framework) => new FaultProject(framework));
const eachProject = it.each(projects.map((project) => ({ name: project.framework.name, project })));
let redis: PrivateService;
let postgres: PrivatePostgres;

beforeAll(async () => {
  [redis, postgres] = await Promise.all([startPrivateRedis(), startPrivatePostgres()]);
  // All three at once: each init waits on its own type-check and Prisma steps, and
  // overlapping them took this file from about 90 s to 45 s on a busy machine.
  await Promise.all(
    projects.map((project) => {
      const databaseUrl = postgres.createDatabase(`faults_${project.framework.name}`);
      return project.setUp(databaseUrl, redis.url);
    }),
  );
});
afterAll(async () => {
  for (const project of projects) await project.tearDown();
  await redis?.remove();
  await postgres?.remove();
});

describe('Redis killed while requests run', () => {
  let killedAt = 0;
  let traffic: Answer[][][] = [];

  beforeAll(async () => {
    traffic = await whileRequestsRun(async () => {
      await redis.kill();
      killedAt = performance.now();
    });
  });

  eachProject(
    '$name: requests in flight get 200 through JWT and database, else a fast 503',
    ({ project }) => {
      const rounds = traffic[projects.indexOf(project)]!;
      expect(rounds.length).toBeGreaterThan(2);
      for (const [redisAnswer, ...others] of rounds) {
        expect([200, 503]).toContain(redisAnswer!.status);
        // The database and JWT backends come after the Redis one and never need it.
        expect(others.map((answer) => answer.status)).toEqual([200, 200]);
        for (const answer of [redisAnswer!, ...others]) expect(answer.ms).toBeLessThan(WITHIN_MS);
      }
    },
  );

  eachProject(
    '$name: Redis login, logout and /users/me answer 503 JSON within a second',
    async ({ project }) => {
      project.expectUnavailable(
        await project.call('POST', '/auth/bearer-redis/login', { body: CREDENTIALS }),
        'login',
      );
      project.expectUnavailable(await project.me('bearer-redis'), '/users/me');
      const logout = await project.call('POST', '/auth/bearer-redis/logout', {
        token: project.tokens['bearer-redis'],
      });
      project.expectUnavailable(logout, 'logout');
      const mine = await project.call('GET', '/mine', { token: project.tokens['bearer-redis'] });
      project.expectUnavailable(mine, 'a route of the app’s own behind requireUser');
    },
  );

  eachProject(
    '$name: /users/me through JWT and database still answers 200',
    async ({ project }) => {
      for (const backend of ['bearer-jwt', 'bearer-database']) {
        const answer = await project.me(backend);
        expect(answer.status, `${backend} /users/me`).toBe(200);
        expect(answer.ms).toBeLessThan(WITHIN_MS);
        const mine = await project.call('GET', '/mine', { token: project.tokens[backend] });
        expect({ status: mine.status, json: mine.json }).toEqual({ status: 200, json: { mine: true } });
      }
      await project.expectAlive();
    },
  );

  describe('and started again after a long outage', () => {
    let recoveredIn: (number | null)[] = [];

    beforeAll(async () => {
      await sleep(Math.max(0, killedAt + REDIS_OUTAGE_MS - performance.now()));
      await redis.start();
      // Redis started empty (no persistence): the old tokens are gone, so log in anew.
      recoveredIn = await Promise.all(
        projects.map((project) => timeUntil(() => redisBackendWorks(project))),
      );
    });

    eachProject(
      '$name: the Redis backend answers 200 within a second of Redis listening',
      ({ project }) => {
        const ms = recoveredIn[projects.indexOf(project)];
        expect(ms, 'the Redis backend answered 200 again').not.toBeNull();
        expect(ms).toBeLessThan(WITHIN_MS);
      },
    );
  });
});

describe('PostgreSQL ending the servers’ connections while requests run', () => {
  let traffic: Answer[][][] = [];
  let ended = 0;

  beforeAll(async () => {
    traffic = await whileRequestsRun(async () => {
      // Several times, so some connections are ended in the middle of a query.
      for (let time = 0; time < 5; time++) {
        ended += Number(postgres.sql(TERMINATE_SERVER_CONNECTIONS));
        await sleep(40);
      }
    });
  });

  eachProject(
    '$name: requests in flight get 200 or a 503 with JSON, the next ones 200',
    ({ project }) => {
      expect(ended).toBeGreaterThan(0);
      const rounds = traffic[projects.indexOf(project)]!;
      expectOkOrUnavailable(project, rounds.flat());
      expect(rounds.at(-1)!.map((answer) => answer.status)).toEqual([200, 200, 200]);
    },
  );
});

describe('PostgreSQL killed while requests run', () => {
  let traffic: Answer[][][] = [];

  beforeAll(async () => {
    traffic = await whileRequestsRun(() => postgres.kill());
  });

  eachProject(
    '$name: requests in flight get 200 or a 503 with JSON, within a second',
    ({ project }) => {
      const answers = traffic[projects.indexOf(project)]!.flat();
      expect(answers.length).toBeGreaterThan(6);
      expectOkOrUnavailable(project, answers);
      // The database went away mid-traffic: the last round is all 503.
      expect(traffic[projects.indexOf(project)]!.at(-1)!.map((answer) => answer.status)).toEqual([
        503, 503, 503,
      ]);
    },
  );

  eachProject(
    '$name: every route that needs the database answers 503 JSON within a second',
    async ({ project }) => {
      const newUser = { ...CREDENTIALS, email: 'new@example.com' };
      project.expectUnavailable(
        await project.call('POST', '/auth/register', { body: newUser }),
        'register',
      );
      for (const backend of BACKENDS) {
        const login = await project.call('POST', `/auth/${backend}/login`, { body: CREDENTIALS });
        project.expectUnavailable(login, `${backend} login`);
        project.expectUnavailable(await project.me(backend), `${backend} /users/me`);
      }
      const token = project.tokens['bearer-jwt'];
      const patch = await project.call('PATCH', '/users/me', {
        token,
        body: { email: CREDENTIALS.email },
      });
      project.expectUnavailable(patch, 'PATCH /users/me');
      const logout = await project.call('POST', '/auth/bearer-database/logout', {
        token: project.tokens['bearer-database'],
      });
      project.expectUnavailable(logout, 'database logout');
      const mine = await project.call('GET', '/mine', { token: project.tokens['bearer-jwt'] });
      project.expectUnavailable(mine, 'a route of the app’s own behind requireUser');
      await project.expectAlive();
      // Each of those was a 503; the outage is logged once, not once per request.
      const logged = project.server.output().match(/\[auth\] Database out of reach \(.*/g) ?? [];
      // With the cause, not the "Invalid prisma.user.findUnique() invocation" it starts with.
      expect(logged[0]).not.toMatch(/invocation/);
      expect(logged.length).toBeGreaterThanOrEqual(1);
      expect(logged.length).toBeLessThanOrEqual(2);
    },
  );

  describe('and started again', () => {
    let recoveredIn: (number | null)[] = [];

    beforeAll(async () => {
      await postgres.start();
      recoveredIn = await Promise.all(
        projects.map((project) => timeUntil(() => everyBackendWorks(project))),
      );
    });

    eachProject(
      '$name: /users/me answers 200 through every backend within a second',
      async ({ project }) => {
        const ms = recoveredIn[projects.indexOf(project)];
        expect(ms, 'every backend answered /users/me with 200 again').not.toBeNull();
        expect(ms).toBeLessThan(WITHIN_MS);
        expect(await project.login('bearer-database')).not.toBeNull();
      },
    );
  });
});

async function redisBackendWorks(project: FaultProject): Promise<boolean> {
  const token = await project.login('bearer-redis');
  if (token === null) return false;
  project.tokens['bearer-redis'] = token;
  return (await project.me('bearer-redis')).status === 200;
}

async function everyBackendWorks(project: FaultProject): Promise<boolean> {
  const answers = await Promise.all(BACKENDS.map((backend) => project.me(backend)));
  return answers.every((answer) => answer.status === 200);
}

/**
 * Sends rounds of requests to each project, one round after another, from before
 * `fault` until a little after it, so some requests are in flight when the store
 * goes away. The answers, per project, per round.
 */
/**
 * Every project's /users/me through each backend, round after round, while the
 * fault happens: per project, the answers of each round.
 */
async function whileRequestsRun(fault: () => Promise<void>): Promise<Answer[][][]> {
  let stopping = false;
  const seen = projects.map(() => [] as Answer[][]);
  const traffic = projects.map(async (project, index) => {
    const round = () => Promise.all(BACKENDS.map((backend) => project.me(backend)));
    while (!stopping) seen[index]!.push(await round());
  });
  await sleep(150);
  await fault();
  await sleep(300);
  stopping = true;
  await Promise.all(traffic);
  return seen;
}

/** Each answer is a 200, or a 503 with its JSON body, and came within WITHIN_MS. */
function expectOkOrUnavailable(project: FaultProject, answers: Answer[]): void {
  for (const answer of answers) {
    const seen = { status: answer.status, fast: answer.ms < WITHIN_MS };
    expect(seen, project.server.output()).toEqual({ status: answer.status === 200 ? 200 : 503, fast: true });
    if (answer.status === 503) expect(answer.json).toEqual(UNAVAILABLE);
  }
}

/** Milliseconds until `check` is true, or null when it is not within WITHIN_MS. */
async function timeUntil(check: () => Promise<boolean>): Promise<number | null> {
  const started = performance.now();
  while (performance.now() - started < WITHIN_MS) {
    if (await check()) return performance.now() - started;
    await sleep(20);
  }
  return null;
}

// The Hono fixture is a SQLite project: the same app on PostgreSQL, with no
// migrations yet, so init writes the baseline from the schema.
function honoOnPostgres(dir: string): void {
  const schemaPath = join(dir, 'prisma/schema.prisma');
  writeFileSync(schemaPath, readFileSync(schemaPath, 'utf8').replace('"sqlite"', '"postgresql"'));
  rmSync(join(dir, 'prisma/migrations'), { recursive: true, force: true });
  writeFileSync(
    join(dir, 'src/db.ts'),
    [
      "import { PrismaPg } from '@prisma/adapter-pg';",
      '',
      "import { PrismaClient } from './generated/prisma/client';",
      '',
      'export const db = new PrismaClient({',
      '  adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL! }),',
      '});',
      '',
    ].join('\n'),
  );
}
