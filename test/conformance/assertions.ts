/**
 * The answers REFERENCE.md fixes, as assertions: error bodies, the 401, the
 * public user and the argon2id hash.
 */
import { expect } from 'vitest';

import type { HttpResult } from './client.js';

/** 401 with exactly `{"detail":"Unauthorized"}`. */
export function expectUnauthorized(result: HttpResult): void {
  expect({ status: result.status, body: result.json }, result.text).toEqual({
    status: 401,
    body: { detail: 'Unauthorized' },
  });
}

/** An error answer with `{"detail": code}`. */
export function expectErrorCode(result: HttpResult, status: number, code: string): void {
  expect({ status: result.status, body: result.json }, result.text).toEqual({
    status,
    body: { detail: code },
  });
}

/** 400 with `{"detail": {"code": code, "reason": "..."}}`. */
export function expectPasswordRejected(result: HttpResult, code: string): void {
  expect({ status: result.status, body: result.json }, result.text).toEqual({
    status: 400,
    body: { detail: { code, reason: expect.any(String) } },
  });
  const reason = (result.json as { detail: { reason: string } }).detail.reason;
  expect(reason.trim()).not.toBe('');
}

/** 422 with a `detail` list holding at least `problems` entries. */
export function expectValidationError(result: HttpResult, problems = 1): void {
  expect(result.status, result.text).toBe(422);
  const detail = (result.json as { detail?: unknown } | undefined)?.detail;
  expect(Array.isArray(detail), result.text).toBe(true);
  expect((detail as unknown[]).length, result.text).toBeGreaterThanOrEqual(problems);
  for (const entry of detail as unknown[]) expect(typeof entry).toBe('object');
}

/** The user as the API returns it: the fixed fields, and nothing about the password. */
export function expectPublicUser(user: unknown, email?: string): void {
  expect(user).toMatchObject({
    id: expect.anything(),
    email: email ?? expect.any(String),
    isActive: expect.any(Boolean),
    isSuperuser: expect.any(Boolean),
    isVerified: expect.any(Boolean),
  });
  for (const key of Object.keys(user as object)) expect(key).not.toMatch(/password/i);
}

/** A PHC argon2id string with at least m = 19 MiB, t = 2, p = 1. */
export function expectStrongArgon2id(hash: unknown): void {
  expect(hash).toMatch(/^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$/);
  const [, m, t, p] = /m=(\d+),t=(\d+),p=(\d+)/.exec(String(hash)) ?? [];
  expect(Number(m)).toBeGreaterThanOrEqual(19_456);
  expect(Number(t)).toBeGreaterThanOrEqual(2);
  expect(Number(p)).toBeGreaterThanOrEqual(1);
}
