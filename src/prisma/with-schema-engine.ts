/**
 * One schema engine session: create the engine over a driver adapter, run
 * some commands, and always release both, with the engine's errors turned
 * into messages a person can read.
 */
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type {
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';

import { loadSchemaEngine, takeEnginePanic } from './load-schema-engine.js';
import type { SchemaFile } from './parse-prisma-schema.js';

/** One line the engine logged (it logs JSON: level, fields, spans). */
export interface EngineLogLine {
  level?: string;
  fields?: Record<string, unknown>;
  spans?: Array<Record<string, unknown>>;
}

/** An error from the engine, with Prisma's error code when it has one (P3005, ...). */
export class SchemaEngineError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly logs: EngineLogLine[],
  ) {
    super(message);
    this.name = 'SchemaEngineError';
  }
}

/** What a session needs: the database (through an adapter) and, optionally, the schema. */
export interface SchemaEngineSession {
  adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  schemaFiles?: readonly SchemaFile[];
}

/**
 * Runs `work` with a fresh engine. The engine connects through the adapter as
 * soon as it is created; every connection it opened is closed afterwards,
 * which matters for SQLite, where the engine takes an exclusive lock.
 */
export async function withSchemaEngine<T>(
  session: SchemaEngineSession,
  work: (engine: SchemaEngine, logs: EngineLogLine[]) => Promise<T>,
): Promise<T> {
  const SchemaEngineClass = await loadSchemaEngine();
  const { factory, adapters } = trackConnections(session.adapterFactory);
  const bound = bindMigrationAwareSqlAdapterFactory(factory);
  const logs: EngineLogLine[] = [];
  const datamodels = session.schemaFiles?.map((f): [string, string] => [f.path, f.content]);
  let engine: SchemaEngine | undefined;
  try {
    engine = await SchemaEngineClass.new(
      { datamodels },
      (line: string) => logs.push(parseLog(line)),
      bound,
    );
    return await work(engine, logs);
  } catch (error) {
    throw engineError(error, bound.errorRegistry, logs);
  } finally {
    engine?.free();
    await Promise.allSettled(adapters.map((adapter) => adapter.dispose()));
  }
}

/** Wraps a factory so the session can close every connection the engine opened. */
function trackConnections(original: SqlMigrationAwareDriverAdapterFactory): {
  factory: SqlMigrationAwareDriverAdapterFactory;
  adapters: SqlDriverAdapter[];
} {
  const adapters: SqlDriverAdapter[] = [];
  const remember = (adapter: SqlDriverAdapter): SqlDriverAdapter => {
    adapters.push(adapter);
    return adapter;
  };
  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: original.provider,
    adapterName: original.adapterName,
    connect: async () => remember(await original.connect()),
    connectToShadowDb: async () => remember(await original.connectToShadowDb()),
  };
  return { factory, adapters };
}

function parseLog(line: string): EngineLogLine {
  try {
    return JSON.parse(line) as EngineLogLine;
  } catch {
    return { fields: { message: line } };
  }
}

interface ErrorRegistry {
  consumeError(id: number): { error: unknown } | undefined;
}

/**
 * Errors from a driver adapter reach JavaScript as "External error id#N"; the
 * real error sits in the binder's registry. Panics arrive as "unreachable";
 * their message was reported to the panic registry just before.
 */
function engineError(error: unknown, registry: ErrorRegistry, logs: EngineLogLine[]): Error {
  if (error instanceof SchemaEngineError) return error;
  const original = error as { message?: string; code?: unknown };
  let message = original.message ?? String(error);
  const external = /External error id#(\d+)/.exec(message);
  const adapterError = external ? registry.consumeError(Number(external[1]))?.error : undefined;
  if (adapterError) message = describeAdapterError(adapterError);
  const panic = message.includes('unreachable') ? takeEnginePanic() : undefined;
  if (panic) message = `The schema engine crashed: ${panic}`;
  const code = typeof original.code === 'string' ? original.code : undefined;
  return new SchemaEngineError(message, code, logs);
}

function describeAdapterError(error: unknown): string {
  if (typeof error !== 'object' || error === null) return String(error);
  const fields = error as { message?: unknown; kind?: unknown; originalMessage?: unknown };
  const text = fields.originalMessage ?? fields.message;
  return typeof text === 'string' ? text : JSON.stringify(error);
}
