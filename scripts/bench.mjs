// `npm run bench:cli`: how long `create-auth init` takes on the bundled example, and
// how much of it is type-checking; how long `create-auth add-backend cookie-redis`
// takes on a project of 5 source files and on one of 1,005, measured in one run so
// the ratio is fair; and the cold start of `create-auth --help` against `node -e 0`.
// Planning (detect the project, plan, diff) should cost the same on both: it loads
// only the files it edits. The project's own `tsc --noEmit`, which the CLI runs
// after applying, grows with the project by nature, so it is reported apart.
// Prints numbers; passes or fails nothing. BENCH_RUNS sets the repetitions (default 5).
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';

import { cli, fixtureNodeModules, machine, median, ms, mustRun, ratio, root } from './bench/shared.mjs';

const runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 5));
const workspace = mkdtempSync(join(tmpdir(), 'create-auth-bench-'));

const ADD_ARGS = ['add-backend', 'cookie-redis', '--yes', '--no-install', '--no-migrate'];
const INIT_ARGS = ['init', '--yes', '--no-install', '--backends', 'bearer-jwt'];
const TYPECHECK_LINE = /^\s*run\s+tsc --noEmit/;
const MANIFEST_LINE = /^\s*\w+\s+create-auth\.json/;
const FILES_PER_MODULE = ['types', 'repository', 'service', 'routes', 'index'];
const DRY_RUNS_PER_RUN = 3;

// ---------------------------------------------------------------------------
// The projects: the bundled example plus generated modules.

/** The example copied to `dir` with `extraFiles` more sources, the packages linked, .env set. */
function createProject(dir, extraFiles, nodeModules) {
  cpSync(join(root, 'examples/express-sqlite'), dir, { recursive: true });
  symlinkSync(nodeModules, join(dir, 'node_modules'), 'dir');
  writeFileSync(join(dir, '.env'), `DATABASE_URL=file:${join(dir, 'dev.db')}\nPORT=3000\n`);
  writeModules(dir, extraFiles);
}

// Modules of five files each (types, repository, service, routes, index) that use the
// Prisma client, Express types and the previous module, the way a real back end does.
function writeModules(dir, count) {
  for (let file = 0; file < count; file++) {
    const module = Math.floor(file / FILES_PER_MODULE.length);
    const kind = FILES_PER_MODULE[file % FILES_PER_MODULE.length];
    const path = join(dir, 'src/modules', moduleName(module), `${kind}.ts`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, MODULE_FILES[kind](module));
  }
}

function moduleName(index) {
  return `m${String(index).padStart(4, '0')}`;
}

const MODULE_FILES = {
  types: (n) => `export interface Entry${n} {
  id: number;
  title: string;
  authorId: number;
  score: number;
}

export interface Entry${n}Summary {
  count: number;
  titles: string[];
  best: Entry${n} | null;
}

export type NewEntry${n} = Omit<Entry${n}, 'id' | 'score'>;
`,
  repository: (n) => `import { prisma } from '../../db.js';
import type { Entry${n}, NewEntry${n} } from './types.js';

export async function findEntries${n}(authorId: number, take = 20): Promise<Entry${n}[]> {
  const posts = await prisma.post.findMany({ where: { authorId }, take, orderBy: { id: 'desc' } });
  return posts.map((post) => ({ id: post.id, title: post.title, authorId: post.authorId, score: post.body.length % ${n + 7} }));
}

export async function createEntry${n}(input: NewEntry${n}): Promise<Entry${n}> {
  const post = await prisma.post.create({ data: { title: input.title, body: '', authorId: input.authorId } });
  return { id: post.id, title: post.title, authorId: post.authorId, score: 0 };
}
`,
  service: (n) => `${n > 0 ? `import { summarize${n - 1} } from '../${moduleName(n - 1)}/service.js';\n` : ''}import { createEntry${n}, findEntries${n} } from './repository.js';
import type { Entry${n}, Entry${n}Summary, NewEntry${n} } from './types.js';

export async function summarize${n}(authorId: number): Promise<Entry${n}Summary> {
  const entries = await findEntries${n}(authorId);
  const best = entries.reduce<Entry${n} | null>((top, entry) => (top && top.score >= entry.score ? top : entry), null);
  return { count: entries.length, titles: entries.map((entry) => entry.title), best };
}

export async function addEntry${n}(input: NewEntry${n}): Promise<Entry${n}> {
  const title = input.title.trim();
  if (title.length === 0) throw new Error('A title is required.');
  return createEntry${n}({ ...input, title });
}
${n > 0 ? `
export async function compare${n}(authorId: number): Promise<number> {
  const [mine, previous] = await Promise.all([summarize${n}(authorId), summarize${n - 1}(authorId)]);
  return mine.count - previous.count;
}
` : ''}`,
  routes: (n) => `import { type Request, type Response, Router } from 'express';

import { addEntry${n}, summarize${n} } from './service.js';

export const router${n} = Router();

router${n}.get('/entries-${n}/:authorId', async (req: Request<{ authorId: string }>, res: Response) => {
  const authorId = Number(req.params.authorId);
  if (!Number.isInteger(authorId)) {
    res.status(422).json({ detail: 'authorId must be an integer' });
    return;
  }
  res.json(await summarize${n}(authorId));
});

router${n}.post('/entries-${n}', async (req: Request, res: Response) => {
  const body = req.body as { title?: unknown; authorId?: unknown };
  if (typeof body.title !== 'string' || typeof body.authorId !== 'number') {
    res.status(422).json({ detail: 'title and authorId are required' });
    return;
  }
  res.status(201).json(await addEntry${n}({ title: body.title, authorId: body.authorId }));
});
`,
  index: (n) => `export { router${n} } from './routes.js';
export { addEntry${n}, summarize${n} } from './service.js';
export type { Entry${n}, Entry${n}Summary } from './types.js';
`,
};

// ---------------------------------------------------------------------------
// Running the CLI with a timestamp on each line it prints.

/** Runs a command; resolves with its wall time, exit code and timestamped lines. */
function timeRun(command, args, cwd) {
  return new Promise((done, fail) => {
    const start = performance.now();
    const child = spawn(command, args, { cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines = [];
    const collect = (stream) => {
      let pending = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk) => {
        const parts = (pending + chunk).split('\n');
        pending = parts.pop();
        for (const text of parts) lines.push({ at: performance.now() - start, text });
      });
    };
    collect(child.stdout);
    collect(child.stderr);
    child.on('error', fail);
    child.on('close', (code) => done({ ms: performance.now() - start, code, lines }));
  });
}

function lineTime(run, pattern) {
  return run.lines.find((line) => pattern.test(line.text))?.at ?? NaN;
}

function transcript(run) {
  return run.lines.map((line) => line.text).join('\n');
}

function check(run, what) {
  const redis = run.lines.some((line) => line.text.includes('src/auth/strategies/redis.ts'));
  if (run.code !== 0 || !redis) throw new Error(`${what} failed (exit ${run.code}):\n${transcript(run)}`);
  return run;
}

/** `init` in `dir`, timed; throws with what it printed when it fails. */
async function runInit(dir) {
  const run = await timeRun('node', [cli, ...INIT_ARGS], dir);
  if (run.code !== 0) throw new Error(`init failed in ${dir}:\n${transcript(run)}`);
  return run;
}

// ---------------------------------------------------------------------------
// The measurements.

/** A working copy made fresh from the post-init copy, so every run starts the same. */
function restore(project) {
  rmSync(project.work, { recursive: true, force: true });
  cpSync(project.pristine, project.work, { recursive: true, verbatimSymlinks: true });
}

async function prepare(name, extraFiles, nodeModules) {
  const work = join(workspace, name);
  const pristine = join(workspace, `${name}-after-init`);
  createProject(work, extraFiles, nodeModules);
  const init = await runInit(work);
  cpSync(work, pristine, { recursive: true, verbatimSymlinks: true });
  const sourceFiles = 3 + extraFiles;
  return { name, work, pristine, sourceFiles, initMs: init.ms, dry: [], full: [] };
}

async function measureDryRun(project) {
  // A full run of the previous round added the backend; start from the post-init copy.
  restore(project);
  const run = check(await timeRun('node', [cli, ...ADD_ARGS, '--dry-run'], project.work), `${project.name} dry run`);
  project.dry.push(run.ms);
}

async function measureFullRun(project) {
  restore(project);
  const run = check(await timeRun('node', [cli, ...ADD_ARGS], project.work), `${project.name} add-backend`);
  const planned = lineTime(run, MANIFEST_LINE);
  const typechecked = lineTime(run, TYPECHECK_LINE);
  project.full.push({ total: run.ms, planned, typecheck: typechecked - planned });
}

/** init on fresh copies of the bundled example, as a new user runs it. */
async function measureInit(nodeModules) {
  const results = [];
  for (let i = 0; i < runs; i++) {
    const dir = join(workspace, `init-${i}`);
    createProject(dir, 0, nodeModules);
    const run = await runInit(dir);
    // Each step's line is printed when the step ends, so the type-check took the time
    // between its line and the one before.
    const at = run.lines.findIndex((line) => TYPECHECK_LINE.test(line.text));
    if (at < 1) throw new Error(`init printed no type-check line:\n${transcript(run)}`);
    const afterWrite = run.lines[at].at - run.lines[at - 1].at;
    const tsc = await timeRun(join(dir, 'node_modules/.bin/tsc'), ['--noEmit'], dir);
    results.push({ total: run.ms, planned: lineTime(run, MANIFEST_LINE), afterWrite, tsc: tsc.ms });
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}

function reportInit(results) {
  const med = (field) => median(results.map((run) => run[field]));
  console.log(`\ninit on examples/express-sqlite: node bin/create-auth.js ${INIT_ARGS.join(' ')} (medians of ${results.length} fresh copies)`);
  console.log(`  whole run (wall)                         ${ms(med('total')).padStart(9)}`);
  console.log(`  start until the plan is shown            ${ms(med('planned')).padStart(9)}   (the baseline tsc runs beside it)`);
  console.log(`  type-check of the written result         ${ms(med('afterWrite')).padStart(9)}   ${((med('afterWrite') / med('total')) * 100).toFixed(0)} % of the run`);
  console.log(`  the project's tsc --noEmit alone         ${ms(med('tsc')).padStart(9)}   init runs it twice: the baseline, then the check`);
}

async function measureTsc(project) {
  const run = await timeRun(join(project.work, 'node_modules/.bin/tsc'), ['--noEmit'], project.work);
  project.tscMs = run.ms;
}

async function measureStartup() {
  const help = [];
  const bare = [];
  for (let i = 0; i < 10; i++) {
    help.push((await timeRun('node', [cli, '--help'], root)).ms);
    bare.push((await timeRun('node', ['-e', '0'], root)).ms);
  }
  return { help, bare };
}

// ---------------------------------------------------------------------------
// The report.

function min(values) {
  return Math.min(...values);
}


function row(label, small, large) {
  const cells = [
    label.padEnd(46),
    ms(median(small)).padStart(10),
    ms(min(small)).padStart(10),
    ms(median(large)).padStart(10),
    ms(min(large)).padStart(10),
    ratio(median(large), median(small)).padStart(8),
    ratio(min(large), min(small)).padStart(8),
  ];
  console.log(cells.join('  '));
}

function report(small, large, startup) {
  console.log(`\nMachine: ${machine()}`);
  console.log(`Projects: examples/express-sqlite with ${small.sourceFiles} and ${large.sourceFiles} source files in src/ (before init).`);
  console.log(`Runs: ${runs * DRY_RUNS_PER_RUN} dry runs and ${runs} full runs on each project, interleaved; each full run on a fresh copy of the project after init.`);
  console.log(`Command: node bin/create-auth.js ${ADD_ARGS.join(' ')}\n`);
  const header = ['', 'small med', 'small min', 'large med', 'large min', 'ratio', 'ratio'];
  console.log([header[0].padEnd(46), ...header.slice(1, 5).map((h) => h.padStart(10)), 'med L/S'.padStart(8), 'min L/S'.padStart(8)].join('  '));
  row('planning only: add-backend --dry-run', small.dry, large.dry);
  row('add-backend, start until the plan is shown', pick(small, 'planned'), pick(large, 'planned'));
  row('add-backend, after the plan: tsc + writes', pick(small, 'typecheck'), pick(large, 'typecheck'));
  row('add-backend, whole run (wall)', pick(small, 'total'), pick(large, 'total'));
  row('for reference: the project\'s tsc --noEmit alone', [small.tscMs], [large.tscMs]);
  row('for reference: init (once, not the subject)', [small.initMs], [large.initMs]);
  console.log(`\nCold start: create-auth --help ${ms(median(startup.help))} vs node -e 0 ${ms(median(startup.bare))} (medians of 10): ${ratio(median(startup.help), median(startup.bare))}`);
  console.log('A full run starts the project\'s tsc in the background (the baseline errors) before it plans, so its');
  console.log('planning shares the CPUs with tsc; the dry run has no baseline and is the clean planning number.');
  console.log('"after the plan" is the wait for that baseline, the writes, and the type-check of the result:');
  console.log('two runs of the project\'s own tsc, which grows with the project by nature.');
}

function pick(project, field) {
  return project.full.map((run) => run[field]);
}

// ---------------------------------------------------------------------------

try {
  const nodeModules = fixtureNodeModules();
  console.log(`Running init ${runs} times on fresh copies of examples/express-sqlite ...`);
  const inits = await measureInit(nodeModules);
  console.log(`Preparing two projects in ${workspace} (init runs once on each; not part of the measurement) ...`);
  const small = await prepare('small', 2, nodeModules);
  const large = await prepare('large', 1000, nodeModules);

  // One unmeasured run each, so both start with warm file and module caches.
  await measureDryRun(small);
  await measureDryRun(large);
  small.dry.length = 0;
  large.dry.length = 0;

  for (let i = 0; i < runs; i++) {
    // Alternate which project goes first, so drift on the machine falls on both alike.
    const order = i % 2 === 0 ? [small, large] : [large, small];
    // Dry runs are short and this is where noise hurts most, so they get three times as many.
    for (let dry = 0; dry < DRY_RUNS_PER_RUN; dry++) {
      for (const project of order) await measureDryRun(project);
    }
    for (const project of order) await measureFullRun(project);
    process.stdout.write(`  run ${i + 1}/${runs} done\n`);
  }
  await measureTsc(small);
  await measureTsc(large);
  const startup = await measureStartup();

  reportInit(inits);
  report(small, large, startup);
} finally {
  rmSync(workspace, { recursive: true, force: true });
}
