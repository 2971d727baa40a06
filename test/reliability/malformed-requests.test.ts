/**
 * 10,000 generated malformed requests per framework across every auth route, sent
 * over bare sockets 16 at a time: no answer is 500 or above, every 4xx from the app
 * is JSON, and afterwards the same server still registers, logs in and serves
 * /users/me. The seed is fixed, so a failure names a request that fails every run.
 */
import { join } from 'node:path';

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { GOOD_PASSWORD as PASSWORD, uniqueEmail } from '../conformance/client.js';
import { GeneratedProject } from '../support/generated-project.js';
import type { StartedServer } from '../support/server.js';
import { type FuzzCase, type FuzzContext, malformedRequest } from './malformed-request.js';
import { headerOf, type RawRequest, type RawResponse, requestHead, sendRaw } from './raw-http.js';

const SEED = 20_261_204;
const REQUESTS = 10_000;
const CONCURRENCY = 16;
/** Node's default --max-http-header-size; over it, Node's own parser answers (or closes). */
const HEADER_LIMIT = 16 * 1024;

const FRAMEWORKS = [
  { name: 'Express', fixture: 'test/fixtures/express-cjs-postgres', database: 'postgres' },
  { name: 'Fastify', fixture: 'test/fixtures/fastify-esm-postgres', database: 'postgres' },
  { name: 'Hono', fixture: 'test/fixtures/hono-cjs-sqlite', database: 'sqlite' },
] as const;

// The three projects are set up side by side: most of a setup is waiting on init.
const projects = FRAMEWORKS.map(() => new GeneratedProject());
const servers: StartedServer[] = [];
beforeAll(async () => {
  await Promise.all(
    FRAMEWORKS.map(async (framework, index) => {
      const project = projects[index]!;
      const options = { redisUrl: 'redis://127.0.0.1:6379/12' };
      if (framework.database === 'postgres') await project.setUpOnPostgres(framework.fixture, options);
      else await project.setUp(framework.fixture, (dir) => `file:${join(dir, 'dev.db')}`, options);
      servers[index] = project.server!;
    }),
  );
});
afterAll(() => Promise.all(projects.map((project) => project.tearDown())));

FRAMEWORKS.forEach((framework, index) => {
  describe(`${framework.name}, all six backends, ${REQUESTS} malformed requests`, () => {
    const project = projects[index]!;

    it('answers every one below 500, 4xx with a JSON body, none hanging', async () => {
      const server = servers[index]!;
      const context = await logInEverywhere(server.baseUrl, project);
      const cases = fc.sample(malformedRequest(project.backends), {
        seed: SEED + index,
        numRuns: REQUESTS,
      });
      const tally = await sendAll(portOf(server), cases, context);
      console.info(`${framework.name}: ${tally.summary()}`);
      expect(tally.sent).toBe(REQUESTS);
      // The first few are enough to act on; the summary says how many there were.
      expect(tally.failures.slice(0, 5), tally.summary()).toEqual([]);
    });

    it('still registers, logs in through every backend and serves /users/me afterwards', async () => {
      const server = servers[index]!;
      const context = await logInEverywhere(server.baseUrl, project);
      for (const backend of project.backends) {
        const credential: Record<string, string> =
          backend.transport === 'bearer'
            ? { authorization: `Bearer ${context.tokens[backend.name]}` }
            : { cookie: `auth=${context.tokens[backend.name]}` };
        const me = await fetch(`${server.baseUrl}/users/me`, { headers: credential });
        expect(me.status, backend.name).toBe(200);
        expect(String(((await me.json()) as { id: unknown }).id)).toBe(context.userId);
      }
    });
  });
});

/** Registers a fresh user and logs it in through every backend. */
async function logInEverywhere(baseUrl: string, project: GeneratedProject): Promise<FuzzContext> {
  const email = uniqueEmail('fuzz');
  const post = (path: string, body: unknown) =>
    fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const registered = await post('/auth/register', { email, password: PASSWORD });
  expect(registered.status).toBe(201);
  const userId = String(((await registered.json()) as { id: unknown }).id);
  const tokens: Record<string, string> = {};
  for (const backend of project.backends) {
    const login = await post(`/auth/${backend.name}/login`, { email, password: PASSWORD });
    expect(login.status, backend.name).toBeLessThan(300);
    tokens[backend.name] =
      backend.transport === 'bearer'
        ? ((await login.json()) as { access_token: string }).access_token
        : /^auth=([^;]*)/.exec(login.headers.get('set-cookie') ?? '')![1]!;
  }
  return { tokens, userId, jwtSecret: project.env().AUTH_JWT_SECRET! };
}

function portOf(server: StartedServer): number {
  return Number(new URL(server.baseUrl).port);
}

/** Sends every case, CONCURRENCY at a time, judging each answer as it comes. */
async function sendAll(port: number, cases: FuzzCase[], context: FuzzContext): Promise<Tally> {
  const tally = new Tally();
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const index = next++;
      const request = cases[index]!.build(context);
      const response = await sendRaw(port, request);
      tally.record(index, cases[index]!.kind, request, response);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return tally;
}

/** Counts of what came back, and a readable line for every answer that breaks the rules. */
class Tally {
  sent = 0;
  failures: string[] = [];
  private statuses = new Map<string, number>();
  private started = Date.now();

  record(index: number, kind: string, request: RawRequest, response: RawResponse): void {
    this.sent += 1;
    const overLimit = requestHead(request, '127.0.0.1:00000').byteLength > HEADER_LIMIT;
    const verdict = judge(request, response, overLimit);
    this.count(verdict.outcome);
    if (verdict.problem)
      this.failures.push(describeFailure(index, kind, request, response, verdict.problem));
  }

  summary(): string {
    const seconds = ((Date.now() - this.started) / 1000).toFixed(1);
    const counts = [...this.statuses]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, n]) => `${k}: ${n}`);
    return `${this.sent} requests in ${seconds} s, ${this.failures.length} failures; ${counts.join(', ')}`;
  }

  private count(outcome: string): void {
    this.statuses.set(outcome, (this.statuses.get(outcome) ?? 0) + 1);
  }
}

interface Verdict {
  outcome: string;
  problem?: string;
}

/**
 * The rules: an answer, below 500; a 4xx with a JSON body unless Node itself answered
 * before any framework saw the request (its parser's bare `400`/`431` with only
 * `Connection: close`; its server's `417` to an unknown Expect). A header block over
 * Node's limit may instead get the connection closed, which is recorded.
 */
function judge(request: RawRequest, response: RawResponse, overLimit: boolean): Verdict {
  const { status } = response;
  if (response.timedOut) return { outcome: 'timed out', problem: 'no answer within 10 s (a hang)' };
  if (status === 0) {
    const outcome = `closed without answer${overLimit ? ' (header over the limit)' : ''}`;
    return overLimit
      ? { outcome }
      : {
          outcome,
          problem: `connection closed without an answer (${response.socketError ?? 'clean close'})`,
        };
  }
  if (status >= 500) return { outcome: String(status), problem: `status ${status}` };
  if (status < 400) return { outcome: String(status) };
  if (isNodeParserAnswer(response))
    return {
      outcome: `${status} from Node's parser${overLimit ? ' (header over the limit)' : ''}`,
    };
  if (isNodeExpectationAnswer(request, response))
    return { outcome: `${status} from Node's server (Expect)` };
  if (isHonoServerAnswer(request, response))
    return {
      outcome: `${status} from @hono/node-server (target ${request.target.startsWith('/') ? 'with \\' : 'not a path'})`,
    };
  if (!isJsonAnswer(request, response))
    return { outcome: `${status} not JSON`, problem: `a ${status} without a JSON body` };
  return { outcome: String(status) };
}

function isNodeParserAnswer(response: RawResponse): boolean {
  const onlyConnectionClose =
    response.headers.length === 1 && response.headers[0]![0] === 'connection';
  return (
    (response.status === 400 || response.status === 431) &&
    onlyConnectionClose &&
    response.body.length === 0
  );
}

// Node's http.Server answers an Expect other than 100-continue with a bare 417 itself
// (no 'checkExpectation' listener), before the app's request handler runs.
function isNodeExpectationAnswer(request: RawRequest, response: RawResponse): boolean {
  const expect = request.headers.find(([name]) => name.toLowerCase() === 'expect')?.[1];
  return (
    response.status === 417 &&
    expect !== undefined &&
    expect.toLowerCase() !== '100-continue' &&
    response.body.length === 0
  );
}

/**
 * @hono/node-server refuses a target it cannot turn into a URL (not starting with `/`,
 * or a backslash in the path) with a bare 400 before the app runs. Only the project's
 * own serve() call could change that (its errorHandler option), not the auth routes.
 */
function isHonoServerAnswer(request: RawRequest, response: RawResponse): boolean {
  const path = request.target.split('?')[0]!;
  const unusable = !request.target.startsWith('/') || path.includes('\\');
  return (
    response.status === 400 &&
    unusable &&
    headerOf(response, 'content-type') === undefined &&
    response.body.length === 0
  );
}

function isJsonAnswer(request: RawRequest, response: RawResponse): boolean {
  if (!/^application\/json/i.test(headerOf(response, 'content-type') ?? '')) return false;
  if (request.method === 'HEAD') return true;
  try {
    return typeof JSON.parse(response.body.toString('utf8')) === 'object';
  } catch {
    return false;
  }
}

function describeFailure(
  index: number,
  kind: string,
  request: RawRequest,
  response: RawResponse,
  problem: string,
): string {
  const clip = (text: string, max = 200) =>
    JSON.stringify(text.length > max ? `${text.slice(0, max)}…(${text.length})` : text);
  const headers = request.headers
    .map(([name, value]) => `${clip(name, 40)}: ${clip(value)}`)
    .join('\n    ');
  const body = Buffer.from(request.body ?? new Uint8Array()).toString('latin1');
  return [
    `#${index} (${kind}): ${problem}`,
    `  ${request.method} ${clip(request.target)}${request.chunked ? ' (chunked)' : ''}`,
    `    ${headers}`,
    `  body ${clip(body)}`,
    `  answer ${response.status} ${headerOf(response, 'content-type') ?? ''} ${clip(response.body.toString('utf8'))}`,
    `  answer headers ${JSON.stringify(response.headers)}`,
  ].join('\n');
}
