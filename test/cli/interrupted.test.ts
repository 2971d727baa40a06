/**
 * Ctrl-C (SIGINT) at a random moment of `init` and `add-backend` on copies of the
 * bundled example: the project is byte-identical afterwards (every file, the
 * SQLite database among them, and no leftover temporary file), unless the run had
 * already finished, when it is what a completed run leaves. The moments come from
 * a seeded generator spread over a measured full run (planning, writing, prisma
 * generate, tsc, the migration), so a failure can be replayed.
 */
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { createClient } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { applyMigrations } from '../../src/prisma/apply-migrations.js';
import { copyExample, removeProject, runCli, snapshotTree, startCli } from '../support/temp-project.js';

const SEED = 0x5eed_c7;
// Each run takes seconds (the CLI type-checks the project); this keeps the file near a minute.
const RUNS_PER_COMMAND = 4;
const INIT = ['init', '--yes', '--no-install', '--backends', 'bearer-jwt'];
// cookie-database onto bearer-jwt: files, a new model, prisma generate, tsc and a migration.
const ADD_BACKEND = ['add-backend', 'cookie-database', '--yes', '--no-install'];

const folders: string[] = [];
afterAll(() => {
  for (const dir of folders.splice(0)) removeProject(dir);
});

/** A small seeded generator (mulberry32): the same delays on every run of the file. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

function example(): Promise<string> {
  return copyExample(folders);
}

function copyOf(project: string): string {
  const dir = `${project}-copy-${folders.length}`;
  cpSync(project, dir, { recursive: true, verbatimSymlinks: true });
  folders.push(dir);
  return dir;
}

/**
 * The tree of a completed run, with what differs between two completed runs made
 * comparable: the migration folder's timestamp, the generated JWT secret, and the
 * SQLite database (its schema and applied migrations instead of its bytes).
 */
async function completedTree(dir: string): Promise<Record<string, string>> {
  const tree: Record<string, string> = {};
  for (const [path, hash] of Object.entries(snapshotTree(dir))) {
    const name = path.replace(/\/\d{14}_/, '/<timestamp>_');
    if (path === '.env') tree[name] = readFileSync(join(dir, path), 'utf8').replace(/(SECRET=).*/g, '$1<secret>');
    else if (path === 'dev.db') tree[name] = await describeDatabase(join(dir, path));
    else tree[name] = hash;
  }
  return tree;
}

async function describeDatabase(file: string): Promise<string> {
  const client = createClient({ url: `file:${file}` });
  try {
    const schema = await client.execute('SELECT type, name, sql FROM sqlite_master ORDER BY name');
    const migrations = await client.execute(
      'SELECT migration_name, finished_at IS NOT NULL AS finished, rolled_back_at FROM _prisma_migrations ORDER BY migration_name',
    );
    const rows = (result: typeof schema) => result.rows.map((row) => JSON.stringify(Object.values(row)));
    return [...rows(schema), ...rows(migrations)].join('\n').replace(/\d{14}_/g, '<timestamp>_');
  } finally {
    client.close();
  }
}

interface Outcome {
  delay: number;
  /** Whether the signal reached a running CLI (false: it had exited already). */
  signalled: boolean;
  exitCode: number | undefined;
  signal: string | undefined;
  all: string;
}

/** Runs the built CLI and sends it SIGINT after `delay` ms, unless it has exited by then. */
async function interruptAfter(dir: string, args: string[], delay: number): Promise<Outcome> {
  const cli = startCli(dir, args);
  await new Promise((resolve) => setTimeout(resolve, delay));
  const running = cli.exitCode === null && cli.signalCode === null;
  const signalled = running && cli.kill('SIGINT');
  const result = await cli;
  return { delay, signalled, exitCode: result.exitCode, signal: result.signal, all: result.all ?? '' };
}

/** Runs the CLI and sends it SIGINT `after` ms after its output shows `marker` (a step that finished). */
async function interruptOnOutput(dir: string, args: string[], marker: string, after = 0): Promise<Outcome> {
  const cli = startCli(dir, args);
  const started = Date.now();
  let seen = '';
  let armed = false;
  let delay = -1;
  cli.all!.on('data', (chunk: Buffer) => {
    seen += chunk.toString();
    if (armed || !seen.includes(marker)) return;
    armed = true;
    setTimeout(() => {
      if (cli.kill('SIGINT')) delay = Date.now() - started;
    }, after);
  });
  const result = await cli;
  return { delay, signalled: delay !== -1, exitCode: result.exitCode, signal: result.signal, all: result.all ?? '' };
}

/** The moments to interrupt at: one per stratum of [0, 1.1 × a full run], seeded. */
function delaysOver(duration: number, random: () => number): number[] {
  const span = duration * 1.1;
  return Array.from({ length: RUNS_PER_COMMAND }, (_, i) => Math.round(((i + random()) / RUNS_PER_COMMAND) * span));
}

const INTERRUPTED = /Cancelled\. Nothing was written\.|Interrupted\.[\s\S]*has been put back as it was\./;
const COMPLETE = 'Interrupted after the change was complete: every file it wrote stays.';

/**
 * What a run that got the signal must show: exit 130, the message, and the tree
 * as it was; or, only when the signal came after the run had made its last change
 * (or the CLI had exited), a completed tree, with exit 0 or the message saying so.
 */
async function expectUnchangedOrCompleted(
  outcome: Outcome,
  dir: string,
  before: Record<string, string>,
  completed: Record<string, string>,
  duration: number,
): Promise<'unchanged' | 'completed'> {
  const where = `SIGINT after ${outcome.delay} ms of a ${duration} ms run:\n${outcome.all}`;
  if (outcome.signalled && outcome.exitCode !== 0 && !outcome.all.includes(COMPLETE)) {
    expect(snapshotTree(dir), where).toEqual(before);
    // While Node is still loading the CLI no handler is there yet: the signal ends it before it said anything.
    if (outcome.signal === 'SIGINT' && outcome.all === '') return 'unchanged';
    expect(outcome.signal, where).toBeUndefined();
    expect(outcome.exitCode, where).toBe(130);
    expect(outcome.all, where).toMatch(INTERRUPTED);
    return 'unchanged';
  }
  if (outcome.exitCode === 0) expect(outcome.all, where).toContain('Next steps:');
  else expect(outcome.exitCode, where).toBe(130);
  // A CLI that shrugged off Ctrl-C would end here too: a signal this early is not "after the end".
  if (outcome.signalled) expect(outcome.delay, where).toBeGreaterThan(duration / 2);
  expect(await completedTree(dir), where).toEqual(completed);
  return 'completed';
}

describe('Ctrl-C at a random moment', () => {
  let pristine: Record<string, string>;
  let initialized: string;
  let initDuration: number;
  let initCompleted: Record<string, string>;
  let beforeAdd: Record<string, string>;
  let addDuration: number;
  let addCompleted: Record<string, string>;

  beforeAll(async () => {
    // One full run of each command, timed, gives the span to spread the signals over
    // and the tree a completed run leaves.
    const dir = await example();
    pristine = snapshotTree(dir);
    let started = Date.now();
    const init = await runCli(dir, INIT);
    initDuration = Date.now() - started;
    if (init.exitCode !== 0) throw new Error(`init failed:\n${init.all}`);
    initCompleted = await completedTree(dir);
    initialized = copyOf(dir);

    const added = copyOf(initialized);
    beforeAdd = snapshotTree(added);
    started = Date.now();
    const add = await runCli(added, ADD_BACKEND);
    addDuration = Date.now() - started;
    if (add.exitCode !== 0) throw new Error(`add-backend failed:\n${add.all}`);
    addCompleted = await completedTree(added);
  }, 120_000);

  it('during init leaves the project as it was, or completed only once init had finished', async () => {
    const outcomes: string[] = [];
    for (const delay of delaysOver(initDuration, seededRandom(SEED))) {
      const dir = await example();
      expect(snapshotTree(dir)).toEqual(pristine);
      const outcome = await interruptAfter(dir, INIT, delay);
      outcomes.push(await expectUnchangedOrCompleted(outcome, dir, pristine, initCompleted, initDuration));
    }
    expect(outcomes).toContain('unchanged');
  }, 180_000);

  it('during init’s type-check, with every file written and the client generated, puts it all back', async () => {
    const dir = await example();
    const outcome = await interruptOnOutput(dir, INIT, 'run    prisma generate');
    expect(outcome.signalled, outcome.all).toBe(true);
    expect(await expectUnchangedOrCompleted(outcome, dir, pristine, initCompleted, initDuration)).toBe('unchanged');
    expect(outcome.all).toContain('Every file create-auth changed has been put back as it was.');
  }, 60_000);

  it('during init’s migration of a SQLite database that holds rows, puts the database file back byte for byte', async () => {
    const dir = await example();
    // The owner's database, migrated and full: the migration copies every User row
    // (SQLite redefines the table), which takes half a second or more: long enough for
    // a signal sent 100 ms after the step before it ended to land in it.
    await applyMigrations({ projectDir: dir, migrationsDir: join(dir, 'prisma/migrations'), provider: 'sqlite', databaseUrl: 'file:./dev.db' });
    const client = createClient({ url: `file:${join(dir, 'dev.db')}` });
    await client.execute(
      "INSERT INTO User (email) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500000) SELECT 'user' || i || '@example.com' FROM n",
    );
    client.close();
    const before = snapshotTree(dir);

    // The type-check is the step before the migration.
    const outcome = await interruptOnOutput(dir, INIT, 'run    tsc --noEmit', 100);
    expect(outcome.signalled, outcome.all).toBe(true);
    // The migration ran to its end (it cannot be stopped half-way) and was then undone.
    expect(outcome.all).toMatch(/run {4}apply pending migrations to sqlite[\s\S]*Interrupted\./);
    expect(outcome.exitCode, outcome.all).toBe(130);
    expect(outcome.all).toContain('Every file create-auth changed has been put back as it was.');
    expect(snapshotTree(dir)).toEqual(before);
  }, 90_000);

  it('during add-backend leaves the project as it was, or completed only once it had finished', async () => {
    const outcomes: string[] = [];
    for (const delay of delaysOver(addDuration, seededRandom(SEED + 1))) {
      const dir = copyOf(initialized);
      expect(snapshotTree(dir)).toEqual(beforeAdd);
      const outcome = await interruptAfter(dir, ADD_BACKEND, delay);
      outcomes.push(await expectUnchangedOrCompleted(outcome, dir, beforeAdd, addCompleted, addDuration));
    }
    expect(outcomes).toContain('unchanged');
  }, 180_000);
});
