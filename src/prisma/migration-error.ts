/**
 * Migration failures, translated from the schema engine's wording into what
 * happened and what the owner can do next.
 */
import { UserError } from '../util/user-error.js';
import { BASELINE_MIGRATION } from './compute-auth-migrations.js';
import type { EngineLogLine } from './with-schema-engine.js';
import { SchemaEngineError } from './with-schema-engine.js';

/** Why applying migrations stopped. */
export type MigrationErrorKind =
  | 'unreachable'
  | 'database-missing'
  | 'not-baselined'
  | 'failed-before'
  | 'migration-failed'
  | 'engine-unavailable'
  | 'other';

/** A failed `applyMigrations`, with Prisma's error code when there is one. */
export class MigrationError extends UserError {
  constructor(
    readonly kind: MigrationErrorKind,
    message: string,
    fix: string,
    readonly code?: string,
  ) {
    super(message, fix);
    this.name = 'MigrationError';
  }
}

const DEPLOY = '`npx prisma migrate deploy`';

/** Turns an engine error into a MigrationError that names the next step. */
export function migrationErrorFrom(error: unknown, pending: readonly string[]): Error {
  if (!(error instanceof SchemaEngineError)) return error as Error;
  const { code, message } = error;
  if (code === 'P3005') return notBaselinedError(pending);
  if (code === 'P3009') {
    return new MigrationError(
      'failed-before',
      `The database has a failed migration, so Prisma applies no new ones.\n${message}`,
      'Repair the database by hand, mark the migration with `npx prisma migrate resolve --rolled-back <name>` (or --applied), then run ' +
        DEPLOY +
        '. See https://pris.ly/d/migrate-resolve',
      code,
    );
  }
  if (/can't reach database server|connection refused|ECONNREFUSED|timed out/i.test(message)) {
    return new MigrationError(
      'unreachable',
      `Could not connect to the database: ${firstLine(message)}`,
      `Start the database (or fix DATABASE_URL), then apply the migration with ${DEPLOY}.`,
      'P1001',
    );
  }
  if (/database .* does not exist/i.test(message)) {
    return new MigrationError(
      'database-missing',
      firstLine(message),
      `Create the database (for example \`createdb <name>\`), then run ${DEPLOY}.`,
      'P1003',
    );
  }
  const failed = failingMigration(error.logs);
  if (failed) return migrationFailed(failed, startedMigrations(error.logs), message, code);
  return new MigrationError('other', message, `Run ${DEPLOY} to see Prisma's own report.`, code);
}

/**
 * P3005: tables exist but `_prisma_migrations` does not (the database was made
 * with `db push` or by hand). `pending` lists every local migration, oldest first.
 */
export function notBaselinedError(pending: readonly string[]): MigrationError {
  const older = pending.slice(0, -1);
  const fix = older.length
    ? baselineSteps(older, pending.at(-1)!)
    : `Baseline it (https://pris.ly/d/migrate-baseline), then run ${DEPLOY}.`;
  return new MigrationError(
    'not-baselined',
    'The database already has tables but no Prisma migration history (P3005): it was probably made with `prisma db push` or by hand. Prisma refused it before changing anything.',
    fix,
    'P3005',
  );
}

// create-auth removes the migration folders it wrote when a step fails, so the
// owner writes them again first, without applying them.
function baselineSteps(older: readonly string[], newest: string): string {
  const renamed = older.some((name) => name.endsWith(`_${BASELINE_MIGRATION}`))
    ? ['     (create-auth names its `_init` baseline by the time it runs: use the name step 1 prints)']
    : [];
  return [
    `If the database already has the tables of every migration before ${newest}, baseline it (https://pris.ly/d/migrate-baseline):`,
    '  1. Write the migrations without applying them: run create-auth again with --no-migrate.',
    '  2. Mark those before create-auth\'s own as applied; in this run they were:',
    ...older.map((name) => `       npx prisma migrate resolve --applied ${name}`),
    ...renamed,
    `  3. Apply the rest: ${DEPLOY}`,
  ].join('\n');
}

/** A migration the engine started: its name and SQL, from the engine's log. */
interface StartedMigration {
  name: string;
  script: string;
}

// Prisma runs a migration's statements one at a time, outside a transaction, on
// SQLite and PostgreSQL alike: whatever ran before the failing statement stays.
function migrationFailed(
  name: string,
  started: StartedMigration[],
  message: string,
  code: string | undefined,
): MigrationError {
  const earlier = started.map((m) => m.name).filter((m) => m !== name);
  const stay = earlier.length === 1 ? 'stays' : 'stay';
  const also = earlier.length
    ? `, and ${earlier.join(', ')} (applied before it) ${stay} applied`
    : '';
  const script = started.find((m) => m.name === name)?.script;
  const fix = [
    `Prisma ran ${name} statement by statement, without a transaction: the statements before the failing one stayed in the database${also}. Prisma recorded ${name} as failed in _prisma_migrations and applies no migration until that is resolved:`,
    `  1. Undo by hand what ${name} changed before it failed${script ? ' (its SQL is below)' : ''}.`,
    `  2. npx prisma migrate resolve --rolled-back ${name}`,
    `  3. Fix the cause (for example rows that violate a new NOT NULL or UNIQUE column), then run create-auth or ${DEPLOY} again.`,
    ...(script ? ['', indent(script)] : []),
  ];
  return new MigrationError(
    'migration-failed',
    `Migration ${name} failed: ${databaseMessage(message)}`,
    fix.join('\n'),
    code ?? 'P3018',
  );
}

/** The migration the engine was applying when it stopped, from its log spans. */
function failingMigration(logs: readonly EngineLogLine[]): string | undefined {
  for (const line of [...logs].reverse()) {
    const name = migrationNameOf(line);
    if (name) return name;
  }
  return undefined;
}

/** The migrations the engine started in this session, in order, from its "Applying" lines. */
function startedMigrations(logs: readonly EngineLogLine[]): StartedMigration[] {
  return logs.flatMap((line) => {
    const name = migrationNameOf(line);
    const script = line.fields?.script;
    return name && typeof script === 'string' ? [{ name, script }] : [];
  });
}

function migrationNameOf(line: EngineLogLine): string | undefined {
  const name = line.spans?.find((s) => typeof s.migration_name === 'string')?.migration_name;
  return name as string | undefined;
}

function indent(text: string): string {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}

/** The database's own words, without the engine's wrapper line and backtrace. */
function databaseMessage(message: string): string {
  const lines = message.split('\n');
  const traceStart = lines.findIndex((line) => /^\s+\d+: /.test(line));
  const head = traceStart === -1 ? lines : lines.slice(0, traceStart);
  const useful = head
    .map((line) => line.trim())
    .filter((line) => line && line !== 'external connector error');
  return useful.join(' ') || firstLine(message);
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.trim();
}
