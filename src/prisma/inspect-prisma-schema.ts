/**
 * Reading the facts create-auth needs out of a schema's datasource and
 * generator blocks: which database, which client generator, and whether the
 * schema still carries a Prisma 5/6 style `url`.
 */
import { dirname, resolve } from 'node:path';

import type { Assignment, Datasource, Generator, Value } from '@mrleebo/prisma-ast';

import type { DatabaseProvider } from '../options.js';
import { normalizeProvider } from './normalize-provider.js';
import { parsePrismaSchema } from './parse-prisma-schema.js';
import type { SchemaFile } from './parse-prisma-schema.js';

/** The client generator block, the one create-auth's generated code imports from. */
export interface PrismaGeneratorInfo {
  name: string;
  /** `prisma-client` (Prisma 6.16+ / 7) or `prisma-client-js` (the older one). */
  provider: 'prisma-client' | 'prisma-client-js';
  /** The generator's `output`, absolute; null when unset (the generator's default). */
  output: string | null;
  /** `engineType` as set (`client` runs without Prisma's native engine), or null. */
  engineType: string | null;
  /** The schema file holding the block. */
  file: string;
}

/** What a schema says about its database and client. */
export interface PrismaSchemaInfo {
  provider: DatabaseProvider;
  /** The schema file holding the datasource block. */
  datasourceFile: string;
  /** True when the datasource sets `url` (Prisma 5/6); Prisma 7 reads it from prisma.config.ts. */
  datasourceHasUrl: boolean;
  /** The datasource's `url`: the variable it reads (`env("NAME")`) or the URL itself. */
  datasourceUrl: ConfiguredUrl | null;
  generator: PrismaGeneratorInfo | null;
}

/** A database URL as a schema or config names it. */
export type ConfiguredUrl = { env: string } | { literal: string };

const CLIENT_GENERATORS = ['prisma-client', 'prisma-client-js'] as const;

/** Reads provider, generator and datasource facts from a (possibly multi-file) schema. */
export function inspectPrismaSchema(files: readonly SchemaFile[]): PrismaSchemaInfo {
  const blocks = files.flatMap((file) =>
    parsePrismaSchema(file.content, file.path).ast.list.map((block) => ({ block, file })),
  );
  const datasource = blocks.find(({ block }) => block.type === 'datasource');
  if (!datasource) {
    throw new Error(`No datasource block in ${files.map((f) => f.path).join(', ')}.`);
  }
  const assignments = (datasource.block as Datasource).assignments;
  const rawProvider = stringValue(assignmentValue(assignments, 'provider'));
  if (!rawProvider) throw new Error(`The datasource in ${datasource.file.path} has no provider.`);
  const generator = blocks
    .filter(({ block }) => block.type === 'generator')
    .map(({ block, file }) => generatorInfo(block as Generator, file.path))
    .find((info) => info !== null);
  return {
    provider: normalizeProvider(rawProvider),
    datasourceFile: datasource.file.path,
    datasourceHasUrl: assignmentValue(assignments, 'url') !== undefined,
    datasourceUrl: configuredUrl(assignmentValue(assignments, 'url')),
    generator: generator ?? null,
  };
}

function generatorInfo(block: Generator, file: string): PrismaGeneratorInfo | null {
  const provider = stringValue(assignmentValue(block.assignments, 'provider'));
  const known = CLIENT_GENERATORS.find((name) => name === provider);
  if (!known) return null;
  const output = stringValue(assignmentValue(block.assignments, 'output'));
  // Prisma resolves `output` against the folder of the file that declares it.
  return {
    name: block.name,
    provider: known,
    output: output ? resolve(dirname(file), output) : null,
    engineType: stringValue(assignmentValue(block.assignments, 'engineType')) ?? null,
    file,
  };
}

function configuredUrl(value: Value | undefined): ConfiguredUrl | null {
  const literal = stringValue(value);
  if (literal !== undefined) return { literal };
  const call = typeof value === 'object' && value !== null && !Array.isArray(value) ? value : null;
  if (call?.type !== 'function' || call.name !== 'env') return null;
  const name = stringValue(call.params?.[0] as Value | undefined);
  return name ? { env: name } : null;
}

/** The value of `key = ...` in a datasource or generator block. */
export function assignmentValue(
  assignments: Datasource['assignments'],
  key: string,
): Value | undefined {
  const found = assignments.find(
    (item): item is Assignment => item.type === 'assignment' && item.key === key,
  );
  return found?.value;
}

/** A quoted string value without its quotes; undefined for anything else (env(), arrays). */
export function stringValue(value: Value | undefined): string | undefined {
  if (typeof value !== 'string' || !value.startsWith('"')) return undefined;
  return JSON.parse(value) as string;
}
