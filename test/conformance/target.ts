/**
 * What the conformance suite needs from a running generated server: where it
 * listens, the secret it signs JWTs with, and read/write access to its database
 * and Redis so the suite can check what is stored (hashes, never raw tokens).
 */

/**
 * Runs one SQL statement and returns its rows. Queries use `?` placeholders and
 * double-quoted identifiers; a PostgreSQL runner numbers the placeholders itself.
 */
export type SqlRunner = (query: string, params?: readonly unknown[]) => Promise<SqlRow[]>;

/** One result row, column name to value as the driver returns it. */
export type SqlRow = Record<string, unknown>;

/** The few Redis commands the suite uses on the server's Redis. */
export interface RedisInspector {
  /** Key names matching a glob pattern (SCAN, not KEYS). */
  keys(pattern: string): Promise<string[]>;
  /** The key's TTL in seconds: -1 without one, -2 when the key is missing. */
  ttl(key: string): Promise<number>;
  get(key: string): Promise<string | null>;
  /** Sets a key, with a TTL in seconds when given. */
  set(key: string, value: string, ttlSeconds?: number): Promise<void>;
  del(key: string): Promise<void>;
}

/** Token lifetimes in seconds, by strategy. Cookies live as long as their token. */
export interface Lifetimes {
  jwt: number;
  database: number;
  redis: number;
}

/** The generated defaults that REFERENCE.md states. */
export const DEFAULT_LIFETIMES: Lifetimes = {
  jwt: 15 * 60,
  database: 7 * 24 * 60 * 60,
  redis: 7 * 24 * 60 * 60,
};

/** A running generated server and the hooks to inspect it. */
export interface ConformanceTarget {
  /** `http://host:port`, without a trailing slash. */
  baseUrl: string;
  /** The `AUTH_JWT_SECRET` the server runs with (needed to craft JWTs). */
  jwtSecret: string;
  /** Runs SQL on the server's database (on SQLite with foreign keys on). */
  sql: SqlRunner;
  /** The server's Redis; required when a backend uses the redis strategy. */
  redis?: RedisInspector;
  /** Overrides of the default lifetimes, when the target's config changes them. */
  lifetimes?: Partial<Lifetimes>;
  /** Table names, when the project maps its models to other names. */
  tables?: { user?: string; accessToken?: string };
}
