/**
 * Reading prisma.config.ts without running it. The file usually calls
 * `env('DATABASE_URL')`, which throws when the variable is unset, and may
 * import anything; parsing its syntax tree is both safer and enough, because
 * the settings create-auth needs are plain string literals in practice.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

import { ts } from 'ts-morph';

import { UserError } from '../util/user-error.js';
import type { ConfiguredUrl } from './inspect-prisma-schema.js';

/** The parts of prisma.config.ts create-auth uses. Paths are absolute. */
export interface PrismaConfigInfo {
  path: string;
  /** `schema`: a .prisma file or a folder of them; undefined when not set. */
  schema?: string;
  /** `migrations.path`; undefined when not set. */
  migrationsPath?: string;
  /** Every variable the file reads with `env('NAME')`, which throws when it is unset. */
  envNames: string[];
  /** `datasource.url`: `env('NAME')` / `process.env.NAME`, or a string literal; null otherwise. */
  datasourceUrl: ConfiguredUrl | null;
}

// The names Prisma 7 looks for, in its order.
const CONFIG_NAMES = ['ts', 'mts', 'cts', 'js', 'mjs', 'cjs'].flatMap((ext) => [
  `prisma.config.${ext}`,
  `.config/prisma.${ext}`,
]);

/** The project's Prisma config file, or null when it has none. */
export function findPrismaConfig(projectDir: string): string | null {
  const found = CONFIG_NAMES.map((name) => join(projectDir, name)).find((p) => existsSync(p));
  return found ?? null;
}

/** Reads the schema and migrations paths and env() names from the project's Prisma config. */
export function readPrismaConfig(projectDir: string): PrismaConfigInfo | null {
  const path = findPrismaConfig(projectDir);
  if (!path) return null;
  const text = readFileSync(path, 'utf8');
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const config = configObject(source);
  // Paths in the config are relative to the config file's folder.
  const base = dirname(path);
  const schema = config && pathProperty(config, 'schema', path);
  const migrations = config && objectProperty(config, 'migrations');
  const migrationsPath = migrations && pathProperty(migrations, 'path', path);
  return {
    path,
    ...(schema ? { schema: resolve(base, schema) } : {}),
    ...(migrationsPath ? { migrationsPath: resolve(base, migrationsPath) } : {}),
    envNames: envNames(source),
    datasourceUrl: datasourceUrl(config && objectProperty(config, 'datasource')),
  };
}

function datasourceUrl(datasource: ts.ObjectLiteralExpression | undefined): ConfiguredUrl | null {
  const value = datasource && propertyInitializer(datasource, 'url');
  if (!value) return null;
  if (ts.isStringLiteral(value) || ts.isNoSubstitutionTemplateLiteral(value)) return { literal: value.text };
  if (ts.isCallExpression(value) && value.expression.getText() === 'env') {
    const [name] = value.arguments;
    return name && ts.isStringLiteralLike(name) ? { env: name.text } : null;
  }
  // process.env.NAME, with or without a `!` or a `?? fallback`.
  const bare = ts.isNonNullExpression(value) ? value.expression : value;
  const text = bare.getText().split('??')[0]!.trim();
  const name = /^process\.env\.(\w+)$/.exec(text)?.[1];
  return name ? { env: name } : null;
}

/** The object literal the file exports, following defineConfig(), `satisfies` and one variable. */
function configObject(source: ts.SourceFile): ts.ObjectLiteralExpression | undefined {
  let node = exportedExpression(source);
  for (let depth = 0; node && depth < 10; depth++) {
    if (ts.isObjectLiteralExpression(node)) return node;
    if (ts.isCallExpression(node)) node = node.arguments[0];
    else if (ts.isIdentifier(node)) node = variableInitializer(source, node.text);
    else if (isWrapper(node)) node = node.expression;
    else return undefined;
  }
  return undefined;
}

type Wrapper =
  ts.ParenthesizedExpression | ts.SatisfiesExpression | ts.AsExpression | ts.TypeAssertion;

function isWrapper(node: ts.Node): node is Wrapper {
  return (
    ts.isParenthesizedExpression(node) ||
    ts.isSatisfiesExpression(node) ||
    ts.isAsExpression(node) ||
    ts.isTypeAssertionExpression(node)
  );
}

/** `export default <expr>` or `module.exports = <expr>`. */
function exportedExpression(source: ts.SourceFile): ts.Expression | undefined {
  for (const statement of source.statements) {
    if (ts.isExportAssignment(statement)) return statement.expression;
    if (
      ts.isExpressionStatement(statement) &&
      ts.isBinaryExpression(statement.expression) &&
      statement.expression.left.getText(source) === 'module.exports'
    ) {
      return statement.expression.right;
    }
  }
  return undefined;
}

function variableInitializer(source: ts.SourceFile, name: string): ts.Expression | undefined {
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    const declaration = statement.declarationList.declarations.find(
      (d) => ts.isIdentifier(d.name) && d.name.text === name,
    );
    if (declaration) return declaration.initializer;
  }
  return undefined;
}

function propertyInitializer(
  object: ts.ObjectLiteralExpression,
  key: string,
): ts.Expression | undefined {
  for (const property of object.properties) {
    if (!ts.isPropertyAssignment(property)) continue;
    const name = property.name;
    if ((ts.isIdentifier(name) || ts.isStringLiteral(name)) && name.text === key) {
      return property.initializer;
    }
  }
  return undefined;
}

function objectProperty(
  object: ts.ObjectLiteralExpression,
  key: string,
): ts.ObjectLiteralExpression | undefined {
  const value = propertyInitializer(object, key);
  return value && ts.isObjectLiteralExpression(value) ? value : undefined;
}

/**
 * A path-valued property: a string literal, or `path.join(...)` of string
 * literals. Anything else is refused rather than guessed, since a wrong guess
 * would send the edits to the wrong schema.
 */
function pathProperty(
  object: ts.ObjectLiteralExpression,
  key: string,
  configPath: string,
): string | undefined {
  const value = propertyInitializer(object, key);
  if (!value) return undefined;
  const path = literalPath(value);
  if (path !== undefined) return path;
  throw new UserError(
    `Could not read \`${key}\` in ${configPath}: it is not a plain string.`,
    `Write it as a string literal relative to the config file, for example \`${key}: 'prisma/schema.prisma'\`.`,
  );
}

function literalPath(node: ts.Expression): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (!ts.isCallExpression(node)) return undefined;
  const callee = node.expression;
  const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : callee.getText();
  if (name !== 'join' && name !== 'resolve') return undefined;
  const parts = node.arguments.map((arg) => literalPath(arg));
  if (parts.some((part) => part === undefined)) return undefined;
  return join(...(parts as string[]));
}

/** Names passed to `env('NAME')` anywhere in the file. */
function envNames(source: ts.SourceFile): string[] {
  const names = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (
      ts.isCallExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === 'env' &&
      node.arguments[0] &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      names.add(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return [...names];
}
