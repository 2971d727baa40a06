/**
 * Starts a project's server the way its owner would in development
 * (`tsx src/index.ts`) on a free port, and waits until it answers HTTP.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** A running server and the means to inspect and stop it. */
export interface StartedServer {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  baseUrl: string;
  /** Stops the server (the whole process group) and waits for it to exit. */
  stop(): Promise<void>;
  /** Everything the server printed so far, stdout and stderr interleaved. */
  output(): string;
}

/** How to start a server. */
export interface StartServerOptions {
  /** The entry file, relative to the project folder. Default `src/index.ts`. */
  entry?: string;
  /** Extra environment; `PORT` is always set to the chosen port. */
  env?: Record<string, string | undefined>;
  /** How long to wait for the first HTTP answer. Default 30 s. */
  timeoutMs?: number;
}

const running = new Set<ChildProcess>();

// A test that throws before its afterAll runs must not leave servers behind.
process.once('exit', () => {
  for (const child of running) killGroup(child, 'SIGKILL');
});

/** Starts `node_modules/.bin/tsx <entry>` in `projectDir` and waits until it answers. */
export async function startServer(
  projectDir: string,
  options: StartServerOptions = {},
): Promise<StartedServer> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const { child, output } = spawnServer(projectDir, port, options);
  const stop = () => stopChild(child);

  try {
    await waitUntilAnswering(baseUrl, child, options.timeoutMs ?? 30_000);
  } catch (error) {
    await stop();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${reason}\n--- server output (${projectDir}) ---\n${output()}`);
  }

  return { baseUrl, stop, output };
}

/** Asks the OS for a port nobody listens on. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('No TCP port assigned.');
  return address.port;
}

function spawnServer(projectDir: string, port: number, options: StartServerOptions) {
  const tsx = join(projectDir, 'node_modules/.bin/tsx');
  const child = spawn(tsx, [options.entry ?? 'src/index.ts'], {
    cwd: projectDir,
    env: { ...process.env, NODE_ENV: 'test', ...options.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so stopping it also stops the node process tsx starts.
    detached: true,
  });
  running.add(child);
  child.once('exit', () => running.delete(child));

  let text = '';
  const append = (chunk: Buffer) => {
    text += chunk.toString('utf8');
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  return { child, output: () => text };
}

async function waitUntilAnswering(baseUrl: string, child: ChildProcess, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `The server exited before answering (code ${child.exitCode ?? child.signalCode}).`,
      );
    }
    // Any HTTP answer, even a 404, means the server is listening.
    const answered = await fetch(baseUrl, { signal: AbortSignal.timeout(1_000) }).then(
      async (response) => (await response.arrayBuffer(), true),
      () => false,
    );
    if (answered) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`The server did not answer on ${baseUrl} within ${timeoutMs} ms.`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  killGroup(child, 'SIGTERM');
  const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}
