/**
 * Migration failures, translated from the schema engine's wording into what
 * happened and what the owner can do next.
 */
import { UserError } from '../util/user-error.js';
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
  if (code === 'P3005') return notBaselined(pending);
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
  if (failed) return migrationFailed(failed, message, code);
  return new MigrationError('other', message, `Run ${DEPLOY} to see Prisma's own report.`, code);
}

/** P3005: tables exist but `_prisma_migrations` does not (the database was made with `db push` or by hand). */
function notBaselined(pending: readonly string[]): MigrationError {
  const older = pending.slice(0, -1);
  const resolveSteps = older
    .map((name) => `  npx prisma migrate resolve --applied ${name}`)
    .join('\n');
  const baseline = older.length
    ? `If the database already matches the migrations before the new one, mark them as applied:\n${resolveSteps}\nthen run ${DEPLOY}.`
    : `Baseline it (https://pris.ly/d/migrate-baseline), then run ${DEPLOY}.`;
  return new MigrationError(
    'not-baselined',
    'The database already has tables but no Prisma migration history (P3005), so create-auth did not touch it.',
    baseline,
    'P3005',
  );
}

function migrationFailed(name: string, message: string, code: string | undefined): MigrationError {
  return new MigrationError(
    'migration-failed',
    `Migration ${name} failed: ${databaseMessage(message)}`,
    `Prisma recorded it as failed in _prisma_migrations. Fix the cause (for example rows that violate a new NOT NULL or UNIQUE column), run \`npx prisma migrate resolve --rolled-back ${name}\`, then ${DEPLOY}.`,
    code ?? 'P3018',
  );
}

/** The migration the engine was applying when it stopped, from its log spans. */
function failingMigration(logs: readonly EngineLogLine[]): string | undefined {
  for (const line of [...logs].reverse()) {
    const span = line.spans?.find((s) => typeof s.migration_name === 'string');
    if (span) return span.migration_name as string;
  }
  return undefined;
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
