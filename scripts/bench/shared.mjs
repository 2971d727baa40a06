// What the benchmark scripts share: where the repository is, the package installs
// they link into their projects, running and stopping processes, throwaway
// PostgreSQL databases, and printing numbers.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const cli = join(root, 'bin/create-auth.js');

/**
 * node_modules of the packages a manifest lists, installed once into
 * .cache/<cacheName>/<hash of the manifest> and reused while the manifest is the same.
 */
export function installedPackages(manifest, cacheName) {
  const key = createHash('sha256').update(readFileSync(manifest, 'utf8')).digest('hex').slice(0, 12);
  const dir = join(root, '.cache', cacheName, key);
  if (!existsSync(join(dir, '.installed'))) {
    console.log(`Installing the packages of ${manifest.slice(root.length + 1)} once into ${dir} ...`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    cpSync(manifest, join(dir, 'package.json'));
    mustRun('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], dir);
    writeFileSync(join(dir, '.installed'), new Date().toISOString());
  }
  return join(dir, 'node_modules');
}

/** The install the test suite links into its fixture projects (the generated code's packages). */
export function fixtureNodeModules() {
  return installedPackages(join(root, 'test/fixtures/deps/package.json'), 'fixture-deps');
}

/** The install of scripts/bench/package.json: autocannon and the peers' packages. */
export function benchNodeModules() {
  return installedPackages(join(root, 'scripts/bench/package.json'), 'bench-deps');
}

/** `require(name)` as a project holding that node_modules would resolve it. */
export function requireFrom(nodeModules, name) {
  return createRequire(join(nodeModules, '..', 'package.json'))(name);
}

export function mustRun(command, args, cwd, env = {}) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${result.stdout}${result.stderr}`);
  }
  return result.stdout;
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export const ms = (value) => `${Math.round(value).toLocaleString('en-US')} ms`;
export const ratio = (large, small) => `×${(large / small).toFixed(2)}`;

/** One line saying what the numbers were measured on. */
export function machine() {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}`;
}

/** A TCP port nothing listens on now, as the OS hands it out. */
export async function freePort() {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** SIGTERM, then SIGKILL when the process is still there after 3 s. */
export async function stopProcess(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timeout = new Promise((resolve) => setTimeout(resolve, 3000, 'timeout'));
  if ((await Promise.race([exited, timeout])) === 'timeout') {
    child.kill('SIGKILL');
    await exited;
  }
}

/** A fresh, empty database `name` on the server `serverUrl` points at; its URL. */
export async function createDatabase(pg, serverUrl, name) {
  await withPostgres(pg, serverUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  });
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export function dropDatabase(pg, serverUrl, name) {
  return withPostgres(pg, serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

async function withPostgres(pg, serverUrl, action) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await action(client);
  } finally {
    await client.end();
  }
}
