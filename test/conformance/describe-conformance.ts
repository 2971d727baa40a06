/**
 * The conformance suite: the HTTP behaviour REFERENCE.md promises, written once
 * and run against every generated backend (and, later, every framework).
 *
 * Usage, in a test file that has built and started a generated server:
 *
 *   let target: ConformanceTarget;
 *   beforeAll(async () => { target = await startMyServer(); });
 *   describeConformance('express + sqlite', backends, () => target);
 *
 * The backends are given when the tests are registered, because vitest collects
 * tests before any beforeAll runs; the target is read lazily, inside each test.
 * Tests use fresh e-mails, so they can share one server and one database.
 */
import { describe } from 'vitest';

import type { BackendChoice } from '../../src/options.js';
import { ConformanceClient } from './client.js';
import { describeConcurrency } from './concurrency.js';
import { describeCurrentUser } from './current-user.js';
import { describeLogin } from './login.js';
import { describeLogout } from './logout.js';
import { describeMalformedInput } from './malformed-input.js';
import { describeRegister } from './register.js';
import { describeStrategies } from './strategies.js';
import type { ConformanceTarget } from './target.js';
import { describeUpdateMe } from './update-me.js';

export type { ConformanceTarget, Lifetimes, RedisInspector, SqlRow, SqlRunner } from './target.js';
export { DEFAULT_LIFETIMES } from './target.js';

/**
 * Registers the whole suite under `name` for a server generated with `backends`
 * (in the order they were declared). `target` is called inside each test.
 */
export function describeConformance(
  name: string,
  backends: readonly BackendChoice[],
  target: () => ConformanceTarget,
): void {
  if (backends.length === 0) throw new Error('describeConformance needs at least one backend.');
  const client = new ConformanceClient(target, backends);

  describe(`conformance: ${name}`, () => {
    describeRegister(client);
    describeLogin(client);
    describeCurrentUser(client);
    describeLogout(client);
    describeUpdateMe(client);
    describeStrategies(client);
    describeConcurrency(client);
    describeMalformedInput(client);
  });
}
