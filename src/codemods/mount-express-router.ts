/**
 * Mounts the auth router in the file that creates the Express app: adds the import
 * and one `app.use(authRouter)` after the app's body parsers, before any 404
 * handler, error handler or `listen`. Running it again changes nothing.
 */
import {
  type CallExpression,
  Node,
  type SourceFile,
  type Statement,
  SyntaxKind,
} from 'ts-morph';

import type { ManualStep } from '../plan/plan.js';
import { type CodeStyle, detectCodeStyle, parseForEdit } from './detect-code-style.js';

export interface MountRouterOptions {
  /** Project-relative path of the file, for messages. */
  path: string;
  /** The import specifier of the router module as this file must write it. */
  specifier: string;
  /** The router's export name. */
  exportName: string;
}

export type CodemodResult = { text: string } | { manualStep: ManualStep };

const BODY_PARSER = /^(express\.)?(json|urlencoded|raw|text)\(|^bodyParser\.|^cookieParser\(/;
const TERMINAL_NAME = /not.?found|404|error/i;

/** Returns the file with the router mounted, or the manual step when the app is not found. */
export function mountExpressRouter(text: string, options: MountRouterOptions): CodemodResult {
  const file = parseForEdit(text, 'app.ts');
  const creation = findAppCreation(file);
  if (!creation) return { manualStep: manualMountStep(options, 'no call to express() found') };
  const style = detectCodeStyle(file);

  if (!hasUse(creation.statements, creation.app, options.exportName)) {
    const index = mountIndex(creation.statements, creation.app, creation.declaration);
    const statement = `${creation.app}.use(${options.exportName})${style.semicolon}`;
    creation.insert(index, statement);
  }
  addNamedImport(file, options, style);
  return { text: file.getFullText() };
}

/** The statement list holding `const app = express()`, with a way to insert into it. */
interface AppCreation {
  app: string;
  declaration: Statement;
  statements: Statement[];
  insert: (index: number, text: string) => void;
}

function findAppCreation(file: SourceFile): AppCreation | null {
  const expressName = findExpressBinding(file);
  if (!expressName) return null;
  const call = file
    .getDescendantsOfKind(SyntaxKind.CallExpression)
    .find((node) => node.getExpression().getText() === expressName && node.getArguments().length === 0);
  const declaration = call?.getParentIfKind(SyntaxKind.VariableDeclaration);
  const statement = declaration?.getFirstAncestorByKind(SyntaxKind.VariableStatement);
  const container = statement?.getParent();
  if (!declaration || !statement || !container) return null;
  if (!Node.isSourceFile(container) && !Node.isBlock(container)) return null;
  return {
    app: declaration.getName(),
    declaration: statement,
    statements: container.getStatements(),
    insert: (index, text) => container.insertStatements(index, text),
  };
}

/** The local name the file gives Express's default export (`import express from 'express'`). */
function findExpressBinding(file: SourceFile): string | null {
  for (const declaration of file.getImportDeclarations()) {
    if (declaration.getModuleSpecifierValue() !== 'express') continue;
    const name = declaration.getDefaultImport() ?? declaration.getNamespaceImport();
    if (name) return name.getText();
  }
  for (const call of file.getDescendantsOfKind(SyntaxKind.CallExpression)) {
    if (call.getExpression().getText() !== 'require') continue;
    if (call.getArguments()[0]?.getText().slice(1, -1) !== 'express') continue;
    const declaration = call.getParentIfKind(SyntaxKind.VariableDeclaration);
    if (declaration) return declaration.getName();
  }
  return null;
}

/** Where `app.use(authRouter)` goes in the statement list: see the file's doc comment. */
function mountIndex(statements: Statement[], app: string, declaration: Statement): number {
  const start = statements.indexOf(declaration) + 1;
  const after = statements.slice(start);
  const stop = after.findIndex((statement) => isTerminal(statement, app));
  const beforeStop = stop === -1 ? after : after.slice(0, stop);
  const lastParser = findLastIndex(beforeStop, (statement) => isBodyParser(statement, app));
  if (lastParser !== -1) return start + lastParser + 1;
  if (stop !== -1) return start + stop;
  const lastAppCall = findLastIndex(after, (statement) => appCall(statement, app) !== null);
  return start + lastAppCall + 1;
}

function appCall(statement: Statement, app: string): CallExpression | null {
  if (!Node.isExpressionStatement(statement)) return null;
  const call = statement.getExpression();
  if (!Node.isCallExpression(call)) return null;
  const callee = call.getExpression();
  if (!Node.isPropertyAccessExpression(callee)) return null;
  return callee.getExpression().getText() === app ? call : null;
}

function methodOf(call: CallExpression): string {
  const callee = call.getExpression();
  return Node.isPropertyAccessExpression(callee) ? callee.getName() : '';
}

function isBodyParser(statement: Statement, app: string): boolean {
  const call = appCall(statement, app);
  if (!call || methodOf(call) !== 'use') return false;
  return call.getArguments().some((argument) => BODY_PARSER.test(argument.getText()));
}

/** A 404 handler, an error handler, a catch-all route or `listen`: the router goes before these. */
function isTerminal(statement: Statement, app: string): boolean {
  if (Node.isReturnStatement(statement)) return true;
  const call = appCall(statement, app);
  if (!call) return false;
  const method = methodOf(call);
  if (method === 'listen') return true;
  const args = call.getArguments();
  if (method === 'all' || method === 'use') {
    if (args[0]?.getText().match(/^['"`](\*|\/\*.*)['"`]$/)) return true;
  }
  if (method !== 'use') return false;
  const handler = args[args.length - 1];
  if (!handler) return false;
  if (Node.isArrowFunction(handler) || Node.isFunctionExpression(handler)) {
    return handler.getParameters().length === 4 || /\b404\b/.test(handler.getText());
  }
  return Node.isIdentifier(handler) && TERMINAL_NAME.test(handler.getText());
}

function hasUse(statements: Statement[], app: string, exportName: string): boolean {
  return statements.some((statement) => {
    const call = appCall(statement, app);
    return call !== null && call.getArguments().some((arg) => arg.getText() === exportName);
  });
}

function addNamedImport(file: SourceFile, options: MountRouterOptions, style: CodeStyle): void {
  const existing = file.getImportDeclaration(
    (declaration) => declaration.getModuleSpecifierValue() === options.specifier,
  );
  if (existing) {
    const named = existing.getNamedImports().map((specifier) => specifier.getName());
    if (!named.includes(options.exportName)) existing.addNamedImport(options.exportName);
    return;
  }
  const imports = file.getImportDeclarations();
  const statement = `import { ${options.exportName} } from ${style.quote}${options.specifier}${style.quote}${style.semicolon}`;
  file.insertStatements(imports.length === 0 ? 0 : imports[imports.length - 1]!.getChildIndex() + 1, statement);
}

function findLastIndex<T>(items: T[], test: (item: T) => boolean): number {
  for (let index = items.length - 1; index >= 0; index--) if (test(items[index]!)) return index;
  return -1;
}

/** The edit to make by hand when the app cannot be found. */
export function manualMountStep(options: MountRouterOptions, problem: string): ManualStep {
  return {
    path: options.path,
    problem: `could not mount the auth routes: ${problem}`,
    instructions: [
      `In the file that creates your Express app, add:`,
      `  import { ${options.exportName} } from '${options.specifier}';`,
      `and, after your body parsers and before any 404 handler or app.listen():`,
      `  app.use(${options.exportName});`,
    ].join('\n'),
  };
}
