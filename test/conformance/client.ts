/**
 * The HTTP side of the conformance suite: requests with fetch, and the few
 * steps every test repeats (register a fresh user, log in through a backend,
 * send the credential back the way a browser or an API client would).
 */
import { createHash, randomBytes } from 'node:crypto';

import { expect } from 'vitest';

import type { BackendChoice } from '../../src/options.js';
import { DEFAULT_LIFETIMES, type ConformanceTarget, type Lifetimes } from './target.js';

/** A password every rule accepts (28 characters). */
export const GOOD_PASSWORD = 'correct horse battery staple';

/** An answer, with its body read once as text and parsed when it is JSON. */
export interface HttpResult {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body, or `undefined` when it is not JSON. */
  json: unknown;
  setCookies: SetCookie[];
}

/** One `Set-Cookie` header, attribute names lower-cased. */
export interface SetCookie {
  name: string;
  value: string;
  attributes: Map<string, string | true>;
  raw: string;
}

/** What a request may carry. Only one of `json`, `form` and `body` is used. */
export interface RequestOptions {
  json?: unknown;
  form?: Record<string, string>;
  body?: string | Uint8Array<ArrayBuffer>;
  headers?: Record<string, string>;
}

/** A logged-in session through one backend. */
export interface Credential {
  backend: BackendChoice;
  /** The token itself (a cookie's value, decoded). */
  token: string;
  /** The header that carries it: `authorization` or `cookie`. */
  headers: Record<string, string>;
}

/** A registered user and the password it was registered with. */
export interface RegisteredUser {
  email: string;
  password: string;
  user: Record<string, unknown>;
}

let counter = 0;

/** An e-mail no other test (or earlier run against the same database) uses. */
export function uniqueEmail(tag = 'user'): string {
  counter += 1;
  return `${tag}-${Date.now().toString(36)}-${counter}-${randomBytes(3).toString('hex')}@example.com`;
}

/** SHA-256 of a token in the two encodings an implementation may store. */
export function tokenHashes(token: string): { hex: string; base64url: string } {
  const digest = createHash('sha256').update(token).digest();
  return { hex: digest.toString('hex'), base64url: digest.toString('base64url') };
}

/** Parses a `Set-Cookie` header value. */
export function parseSetCookie(raw: string): SetCookie {
  const [pair = '', ...rest] = raw.split(';');
  const eq = pair.indexOf('=');
  const attributes = new Map<string, string | true>();
  for (const part of rest) {
    const [key = '', ...value] = part.trim().split('=');
    attributes.set(key.toLowerCase(), value.length > 0 ? value.join('=') : true);
  }
  return { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(), attributes, raw };
}

/** The HTTP client the conformance tests share, bound to the target lazily. */
export class ConformanceClient {
  constructor(
    private readonly getTarget: () => ConformanceTarget,
    readonly backends: readonly BackendChoice[],
  ) {}

  get target(): ConformanceTarget {
    return this.getTarget();
  }

  /** The token lifetime (and so the cookie Max-Age) of a backend's strategy. */
  lifetime(backend: BackendChoice): number {
    const lifetimes: Lifetimes = { ...DEFAULT_LIFETIMES, ...this.target.lifetimes };
    return lifetimes[backend.strategy];
  }

  /** Sends one request; never throws for an HTTP status. */
  async request(method: string, path: string, options: RequestOptions = {}): Promise<HttpResult> {
    const headers: Record<string, string> = { ...options.headers };
    let body: string | Uint8Array<ArrayBuffer> | undefined = options.body;
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers['content-type'] ??= 'application/json';
    } else if (options.form !== undefined) {
      body = new URLSearchParams(options.form).toString();
      headers['content-type'] ??= 'application/x-www-form-urlencoded';
    }
    const response = await fetch(this.target.baseUrl + path, {
      method,
      headers,
      body,
      redirect: 'manual',
    });
    return readResult(response);
  }

  /** Registers a fresh user; fails the test unless the answer is 201. */
  async register(overrides: { email?: string; password?: string } = {}): Promise<RegisteredUser> {
    const email = overrides.email ?? uniqueEmail();
    const password = overrides.password ?? GOOD_PASSWORD;
    const result = await this.request('POST', '/auth/register', { json: { email, password } });
    expect(result.status, result.text).toBe(201);
    return { email, password, user: result.json as Record<string, unknown> };
  }

  /** Logs in through a backend and returns the credential it issued. */
  async login(backend: BackendChoice, email: string, password: string): Promise<Credential> {
    const result = await this.request('POST', `/auth/${backend.name}/login`, {
      json: { email, password },
    });
    return this.credentialFrom(backend, result);
  }

  /** Registers a fresh user and logs it in through a backend. */
  async registerAndLogin(
    backend: BackendChoice,
  ): Promise<RegisteredUser & { credential: Credential }> {
    const registered = await this.register();
    const credential = await this.login(backend, registered.email, registered.password);
    return { ...registered, credential };
  }

  /** Reads the credential out of a successful login answer. */
  credentialFrom(backend: BackendChoice, result: HttpResult): Credential {
    if (backend.transport === 'bearer') {
      expect(result.status, result.text).toBe(200);
      const token = (result.json as { access_token: string }).access_token;
      return bearerCredential(backend, token);
    }
    expect(result.status, result.text).toBe(204);
    const cookie = result.setCookies[0];
    if (!cookie) throw new Error(`No Set-Cookie in the ${backend.name} login answer.`);
    return {
      backend,
      token: decodeURIComponent(cookie.value),
      headers: { cookie: `${cookie.name}=${cookie.value}` },
    };
  }

  /** A credential carrying another token the way `like` carries its own. */
  withToken(like: Credential, token: string): Credential {
    if (like.backend.transport === 'bearer') return bearerCredential(like.backend, token);
    const name = like.headers.cookie?.split('=')[0] ?? '';
    return { backend: like.backend, token, headers: { cookie: `${name}=${token}` } };
  }

  /** GET /users/me with the given headers. */
  me(headers: Record<string, string> = {}): Promise<HttpResult> {
    return this.request('GET', '/users/me', { headers });
  }

  /** Runs SQL on the target's database. */
  sql(query: string, params: readonly unknown[] = []) {
    return this.target.sql(query, params);
  }

  /** The quoted name of the user table. */
  get userTable(): string {
    return `"${this.target.tables?.user ?? 'User'}"`;
  }

  /** The quoted name of the access-token table. */
  get accessTokenTable(): string {
    return `"${this.target.tables?.accessToken ?? 'AccessToken'}"`;
  }
}

function bearerCredential(backend: BackendChoice, token: string): Credential {
  return { backend, token, headers: { authorization: `Bearer ${token}` } };
}

async function readResult(response: Response): Promise<HttpResult> {
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  const setCookies = response.headers.getSetCookie().map(parseSetCookie);
  return { status: response.status, headers: response.headers, text, json, setCookies };
}
