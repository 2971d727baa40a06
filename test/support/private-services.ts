/**
 * A Redis and a PostgreSQL of a test's own, on free ports, that the test may stop
 * and start again (same port, same data folder) to see how the generated server
 * lives through an outage. The machine's shared services are never touched.
 *
 * PostgreSQL refuses to run as root, so initdb and postgres run as the `postgres`
 * OS user, in a temporary folder owned by it. Durability is switched off (fsync,
 * synchronous_commit, full_page_writes): a test database needs speed, not safety.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { freePort } from './server.js';

/** A service the test owns: where it listens, and the means to stop and start it. */
export interface PrivateService {
  port: number;
  url: string;
  /** Kills it at once (no clean shutdown) and waits for the process to exit. */
  kill(): Promise<void>;
  /** Starts it again on the same port and waits until it accepts connections. */
  start(): Promise<void>;
  /** Stops it and removes what it left on disk. */
  remove(): Promise<void>;
}

/** A redis-server on a free port, with no persistence (a restart starts empty). */
export async function startPrivateRedis(): Promise<PrivateService> {
  const port = await freePort();
  let child: ChildProcess | undefined;

  const start = async () => {
    child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    );
    await waitForPort(port, () => child?.exitCode !== null, 'redis-server');
  };
  const kill = async () => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  };

  process.once('exit', () => child?.kill('SIGKILL'));

  await start();
  return { port, url: `redis://127.0.0.1:${port}`, kill, start, remove: kill };
}

/** A private PostgreSQL, which can also make databases. */
export interface PrivatePostgres extends PrivateService {
  /** Creates a database and returns its URL. */
  createDatabase(name: string): string;
  /** Runs SQL in the `postgres` database and returns what psql printed (unaligned, tuples only). */
  sql(query: string): string;
}

/** A PostgreSQL cluster made with initdb in a temporary folder, on a free port. */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = postgresBinDir();
  const port = await freePort();
  const root = mkdtempSync(join(tmpdir(), 'create-auth-pg-'));
  chownSync(root, postgresUid(), postgresGid());
  const data = join(root, 'data');
  asPostgres(join(bin, 'initdb'), [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=trust',
    '--no-sync',
    '-E',
    'UTF8',
  ]);
  let child: ChildProcess | undefined;

  const start = async () => {
    const args = ['-D', data, '-p', String(port), '-k', root, '-c', 'listen_addresses=127.0.0.1'];
    for (const setting of ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off']) {
      args.push('-c', setting);
    }
    child = spawn('runuser', ['-u', 'postgres', '--', join(bin, 'postgres'), ...args], {
      stdio: 'ignore',
    });
    await waitForPort(port, () => child?.exitCode !== null, 'postgres');
    await waitUntilAccepting(bin, port);
  };
  // "immediate" ends every backend at once, like a crash; the next start recovers.
  const kill = async () => {
    if (!child || child.exitCode !== null) return;
    const exited = once(child, 'exit');
    asPostgres(join(bin, 'pg_ctl'), ['stop', '-D', data, '-m', 'immediate', '-w']);
    await exited;
  };
  const remove = async () => {
    await kill();
    rmSync(root, { recursive: true, force: true });
  };

  const createDatabase = (name: string) => {
    asPostgres(join(bin, 'createdb'), [
      '-h',
      '127.0.0.1',
      '-p',
      String(port),
      '-U',
      'postgres',
      name,
    ]);
    return `postgresql://postgres@127.0.0.1:${port}/${name}`;
  };

  const sql = (query: string) =>
    execFileSync(
      join(bin, 'psql'),
      ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-Atc', query],
      {
        encoding: 'utf8',
      },
    );

  // A test that throws before its afterAll runs must not leave a cluster running.
  const stopOnExit = () => {
    try {
      asPostgres(join(bin, 'pg_ctl'), ['stop', '-D', data, '-m', 'immediate']);
    } catch {
      // Not running.
    }
  };
  process.once('exit', stopOnExit);

  await start();
  const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  return { port, url, kill, start, remove, createDatabase, sql };
}

function postgresBinDir(): string {
  const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
  const version = versions.find((name) =>
    existsSync(join('/usr/lib/postgresql', name, 'bin/postgres')),
  );
  if (!version) throw new Error('No PostgreSQL server binaries under /usr/lib/postgresql/*/bin.');
  return join('/usr/lib/postgresql', version, 'bin');
}

function postgresUid(): number {
  return Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
}

function postgresGid(): number {
  return Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
}

function asPostgres(command: string, args: string[]): void {
  execFileSync('runuser', ['-u', 'postgres', '--', command, ...args], { stdio: 'pipe' });
}

// The port opens before the server takes queries (PostgreSQL recovers first).
async function waitUntilAccepting(bin: string, port: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      execFileSync(join(bin, 'pg_isready'), ['-q', '-h', '127.0.0.1', '-p', String(port)]);
      return;
    } catch {
      await sleep(25);
    }
  }
  throw new Error(`PostgreSQL on port ${port} did not accept connections within 30 s.`);
}

async function waitForPort(port: number, exited: () => boolean, name: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (exited()) throw new Error(`${name} exited before listening on port ${port}.`);
    if (await canConnect(port)) return;
    await sleep(25);
  }
  throw new Error(`${name} did not listen on port ${port} within 30 s.`);
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
