/**
 * Mounts the auth routes in the file that creates the app, with the framework's
 * own call: `app.use(authRouter)` on Express, `app.register(authRoutes)` on
 * Fastify, `app.route('/', authRoutes)` on Hono. It adds the import and one call
 * after the app's setup (body parsers, plugins, middleware) and before anything
 * that must come last (404 and error handlers, `listen`, `return app`). The app
 * may be created at the top of the file or inside a factory function. Running it
 * again changes nothing.
 */
import {
  type CallExpression,
  Node,
  type SourceFile,
  type Statement,
  SyntaxKind,
} from 'ts-morph';

import type { Framework } from '../options.js';
import type { ManualStep } from '../plan/plan.js';
import { APP_CREATION } from '../project/detect-app-file.js';
import { type CodeStyle, detectCodeStyle, parseForEdit } from './detect-code-style.js';

export interface MountRoutesOptions {
  /** Project-relative path of the file, for messages. */
  path: string;
  /** The import specifier of the routes module as this file must write it. */
  specifier: string;
  /** The routes' export name. */
  exportName: string;
}

/**
 * The edited file, with where in it the mount stands (`at`, an offset in `text`)
 * and the path it mounts the routes under (`prefix`, '' for none); or the step to
 * do by hand.
 */
export type CodemodResult = { text: string; mount: { at: number; prefix: string } } | { manualStep: ManualStep };

/** How one framework's app is created, set up and mounted on. */
interface MountRules {
  /** The package whose default (or named) export creates the app. */
  packageName: string;
  /** Named imports that also create the app (`import { fastify } from 'fastify'`). */
  namedFactories: string[];
  /** How the app is created: `express()`, `Fastify({...})`, `new Hono()`. */
  creation: 'call' | 'new';
  mount: (app: string, exportName: string, quote: string) => string;
  /** App method calls that set the app up: the mount goes after the last of them. */
  isSetup: (call: CallExpression) => boolean;
  /** App method calls that must come after the mount. */
  isTerminal: (call: CallExpression) => boolean;
}

const EXPRESS_BODY_PARSER = /^(express\.)?(json|urlencoded|raw|text)\(|^bodyParser\.|^cookieParser\(/;
const TERMINAL_NAME = /not.?found|404|error/i;
const MAIN_APP_NAMES = ['app', 'server'];
const HTTP_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'all', 'on', 'options', 'head']);

const RULES: Record<Framework, MountRules> = {
  express: {
    packageName: 'express',
    namedFactories: [],
    creation: 'call',
    mount: (app, name) => `${app}.use(${name})`,
    isSetup: (call) =>
      methodOf(call) === 'use' && call.getArguments().some((arg) => EXPRESS_BODY_PARSER.test(arg.getText())),
    isTerminal: isExpressTerminal,
  },
  fastify: {
    packageName: 'fastify',
    namedFactories: ['fastify', 'Fastify'],
    creation: 'call',
    mount: (app, name) => `${app}.register(${name})`,
    isSetup: (call) => methodOf(call) === 'register',
    isTerminal: (call) => ['listen', 'ready', 'setNotFoundHandler', 'setErrorHandler'].includes(methodOf(call)),
  },
  hono: {
    packageName: 'hono',
    namedFactories: ['Hono'],
    creation: 'new',
    mount: (app, name, quote) => `${app}.route(${quote}/${quote}, ${name})`,
    isSetup: (call) => methodOf(call) === 'use',
    // Hono matches routes in the order they are added, so the auth routes go before
    // the app's own (a catch-all among them would shadow them).
    isTerminal: (call) => HTTP_METHODS.has(methodOf(call)) || ['route', 'notFound', 'onError'].includes(methodOf(call)),
  },
};

/** Returns the file with the auth routes mounted, or the manual step when the app is not found. */
export function mountAuthRoutes(text: string, framework: Framework, options: MountRoutesOptions): CodemodResult {
  const rules = RULES[framework];
  const file = parseForEdit(text, 'app.ts');
  const find = () => findAppCreation(file, rules) ?? (framework === 'fastify' ? findPluginApp(file) : null);
  const creation = find();
  if (!creation) {
    const problem = `no ${APP_CREATION[framework].text} assigned to a variable`;
    return { manualStep: manualMountStep(framework, options, problem) };
  }
  const style = detectCodeStyle(file);
  const local = localName(file, options);

  if (!local.imported || !mountCall(creation, local.name)) {
    const index = mountIndex(creation, rules);
    const prefix = awaitStyle(creation.statements[index - 1]);
    creation.insert(index, `${prefix}${rules.mount(creation.app, local.name, style.quote)}${style.semicolon}`);
  }
  if (!local.imported) addNamedImport(file, options, local.name, style);
  const mount = mountCall(find()!, local.name)!;
  return { text: file.getFullText(), mount: { at: mount.getStart(), prefix: mountPrefix(mount, local.name) } };
}

/**
 * The path a mount puts the routes under: Express's and Hono's first argument
 * (`app.use('/api', authRouter)`), Fastify's `prefix` option; '' for the root.
 */
function mountPrefix(call: CallExpression, name: string): string {
  const [first, ...rest] = call.getArguments();
  const literal = (node: Node | undefined) =>
    Node.isStringLiteral(node) || Node.isNoSubstitutionTemplateLiteral(node) ? node.getLiteralText() : '';
  const options = first?.getText() === name ? rest.find((arg) => Node.isObjectLiteralExpression(arg)) : undefined;
  const prefix = Node.isObjectLiteralExpression(options) ? options.getProperty('prefix') : undefined;
  const path = Node.isPropertyAssignment(prefix) ? literal(prefix.getInitializer()) : literal(first);
  return path.replace(/\/+$/, '');
}

/**
 * The name the file knows the routes by: that of its import from the routes
 * module when it has one; else the export's own name, unless the file already
 * uses that name for something of its own (`import authRoutes from
 * './routes/auth'`), in which case the import gets an alias.
 */
function localName(file: SourceFile, options: MountRoutesOptions): { name: string; imported: boolean } {
  const ours = file
    .getImportDeclarations()
    .filter((declaration) => declaration.getModuleSpecifierValue() === options.specifier)
    .flatMap((declaration) => declaration.getNamedImports())
    .find((specifier) => specifier.getName() === options.exportName);
  if (ours) return { name: (ours.getAliasNode() ?? ours.getNameNode()).getText(), imported: true };
  const taken = (name: string) =>
    file.getDescendantsOfKind(SyntaxKind.Identifier).some((identifier) => identifier.getText() === name);
  const alias = `generated${options.exportName.charAt(0).toUpperCase()}${options.exportName.slice(1)}`;
  return { name: taken(options.exportName) ? alias : options.exportName, imported: false };
}

/**
 * The statement list the app is set up in, with a way to insert into it: the one
 * holding `const app = <creation>` (from the statement after it), or the body of a
 * Fastify plugin that is the app, as fastify-cli generates it (from its start).
 */
interface AppCreation {
  app: string;
  /** Index of the first statement after the app exists. */
  start: number;
  statements: Statement[];
  insert: (index: number, text: string) => void;
}

function findAppCreation(file: SourceFile, rules: MountRules): AppCreation | null {
  const factories = findFactoryBindings(file, rules);
  if (factories.length === 0) return null;
  const kind = rules.creation === 'call' ? SyntaxKind.CallExpression : SyntaxKind.NewExpression;
  const declarations = file
    .getDescendantsOfKind(kind)
    .filter((node) => factories.includes(node.getExpression().getText()) && isAppCreation(node, rules))
    .flatMap((node) => node.getParentIfKind(SyntaxKind.VariableDeclaration) ?? []);
  // A file may create sub-apps too (`const users = new Hono()`): the main one is
  // usually called app or server.
  const declaration =
    declarations.find((candidate) => MAIN_APP_NAMES.includes(candidate.getName())) ?? declarations[0];
  const statement = declaration?.getFirstAncestorByKind(SyntaxKind.VariableStatement);
  const container = statement?.getParent();
  if (!declaration || !statement || !container) return null;
  if (!Node.isSourceFile(container) && !Node.isBlock(container)) return null;
  // With comments: insertStatements counts own-line comments as statements too.
  const statements = container.getStatementsWithComments();
  return {
    app: declaration.getName(),
    start: statements.indexOf(statement) + 1,
    statements,
    insert: (index, text) => container.insertStatements(index, text),
  };
}

/**
 * A Fastify app written as a plugin and started by `fastify start` (fastify-cli):
 * `const app: FastifyPluginAsync = async (fastify, opts) => { ... }; export default app`,
 * or `export default async function (fastify: FastifyInstance) { ... }`.
 */
function findPluginApp(file: SourceFile): AppCreation | null {
  const typed = file
    .getVariableDeclarations()
    .filter((declaration) => /^FastifyPlugin(Async|Callback)\b/.test(declaration.getTypeNode()?.getText() ?? ''))
    .map((declaration) => declaration.getInitializer());
  const exported = file.getDefaultExportSymbol()?.getDeclarations() ?? [];
  const candidates = [...typed, ...exported.filter((node) => Node.isFunctionDeclaration(node))];
  for (const candidate of candidates) {
    if (!(Node.isArrowFunction(candidate) || Node.isFunctionExpression(candidate) || Node.isFunctionDeclaration(candidate))) continue;
    const [instance] = candidate.getParameters();
    const body = candidate.getBody();
    if (!instance || !body || !Node.isBlock(body)) continue;
    const typedAsPlugin = (typed as (Node | undefined)[]).includes(candidate);
    if (!typedAsPlugin && instance.getTypeNode()?.getText() !== 'FastifyInstance') continue;
    return {
      app: instance.getName(),
      start: 0,
      statements: body.getStatementsWithComments(),
      insert: (index, text) => body.insertStatements(index, text),
    };
  }
  return null;
}

// express() takes no arguments (express.Router() is another call); Fastify and
// Hono take options.
function isAppCreation(node: Node, rules: MountRules): boolean {
  return rules.packageName !== 'express' || (Node.isCallExpression(node) && node.getArguments().length === 0);
}

/** The local names the file gives the framework's app factory or class. */
function findFactoryBindings(file: SourceFile, rules: MountRules): string[] {
  const names: string[] = [];
  for (const declaration of file.getImportDeclarations()) {
    if (declaration.getModuleSpecifierValue() !== rules.packageName) continue;
    const name = declaration.getDefaultImport() ?? declaration.getNamespaceImport();
    if (name && rules.creation === 'call') names.push(name.getText());
    for (const named of declaration.getNamedImports()) {
      if (rules.namedFactories.includes(named.getName())) names.push((named.getAliasNode() ?? named.getNameNode()).getText());
    }
  }
  for (const call of file.getDescendantsOfKind(SyntaxKind.CallExpression)) {
    if (call.getExpression().getText() !== 'require') continue;
    if (call.getArguments()[0]?.getText().slice(1, -1) !== rules.packageName) continue;
    names.push(...requiredNames(call, rules));
  }
  return names;
}

// `const express = require('express')` or `const { Hono } = require('hono')`.
function requiredNames(call: CallExpression, rules: MountRules): string[] {
  const declaration = call.getParentIfKind(SyntaxKind.VariableDeclaration);
  if (!declaration) return [];
  const binding = declaration.getNameNode();
  if (Node.isIdentifier(binding)) return rules.creation === 'call' ? [binding.getText()] : [];
  if (!Node.isObjectBindingPattern(binding)) return [];
  return binding
    .getElements()
    .filter((element) => rules.namedFactories.includes(element.getPropertyNameNode()?.getText() ?? element.getName()))
    .map((element) => element.getName());
}

/** Where the mount goes in the statement list: see the file's doc comment. */
function mountIndex(creation: AppCreation, rules: MountRules): number {
  const { statements, app, start } = creation;
  const after = statements.slice(start);
  const stop = after.findIndex((statement) => isTerminal(statement, app, rules));
  const beforeStop = stop === -1 ? after : after.slice(0, stop);
  const lastSetup = findLastIndex(beforeStop, (statement) => {
    const call = appCall(statement, app);
    return call !== null && rules.isSetup(call);
  });
  if (lastSetup !== -1) return start + lastSetup + 1;
  if (stop !== -1) return start + stop;
  const lastAppCall = findLastIndex(after, (statement) => appCall(statement, app) !== null);
  return start + lastAppCall + 1;
}

/** `app.method(...)` or `await app.method(...)` as a statement, else null. */
function appCall(statement: Statement, app: string): CallExpression | null {
  if (!Node.isExpressionStatement(statement)) return null;
  let expression = statement.getExpression();
  if (Node.isAwaitExpression(expression) || Node.isVoidExpression(expression)) expression = expression.getExpression();
  if (!Node.isCallExpression(expression)) return null;
  const callee = expression.getExpression();
  if (!Node.isPropertyAccessExpression(callee)) return null;
  return callee.getExpression().getText() === app ? expression : null;
}

// `void fastify.register(...)` (fastify-cli's habit) or `await app.register(...)`:
// the mount is written like the setup call it follows.
function awaitStyle(previous: Statement | undefined): string {
  if (!previous || !Node.isExpressionStatement(previous)) return '';
  const expression = previous.getExpression();
  if (Node.isVoidExpression(expression)) return 'void ';
  if (Node.isAwaitExpression(expression)) return 'await ';
  return '';
}

function methodOf(call: CallExpression): string {
  const callee = call.getExpression();
  return Node.isPropertyAccessExpression(callee) ? callee.getName() : '';
}

function isTerminal(statement: Statement, app: string, rules: MountRules): boolean {
  if (Node.isReturnStatement(statement) || Node.isExportAssignment(statement)) return true;
  const call = appCall(statement, app);
  return call !== null && rules.isTerminal(call);
}

/** Express: a 404 handler, an error handler, a catch-all route or `listen`. */
function isExpressTerminal(call: CallExpression): boolean {
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

function mountCall(creation: AppCreation, exportName: string): CallExpression | undefined {
  return creation.statements
    .map((statement) => appCall(statement, creation.app))
    .find((call) => call?.getArguments().some((arg) => arg.getText() === exportName)) ?? undefined;
}

function addNamedImport(file: SourceFile, options: MountRoutesOptions, local: string, style: CodeStyle): void {
  const named = local === options.exportName ? local : `${options.exportName} as ${local}`;
  const existing = file.getImportDeclaration(
    (declaration) => declaration.getModuleSpecifierValue() === options.specifier,
  );
  if (existing) {
    existing.addNamedImport(named);
    return;
  }
  const imports = file.getImportDeclarations();
  const statement = `import { ${named} } from ${style.quote}${options.specifier}${style.quote}${style.semicolon}`;
  file.insertStatements(imports.length === 0 ? 0 : imports[imports.length - 1]!.getChildIndex() + 1, statement);
}

function findLastIndex<T>(items: T[], test: (item: T) => boolean): number {
  for (let index = items.length - 1; index >= 0; index--) if (test(items[index]!)) return index;
  return -1;
}

const MANUAL_PLACEMENT: Record<Framework, string> = {
  express: 'after your body parsers and before any 404 handler or app.listen()',
  fastify: 'after your other app.register() calls and before app.listen() (in a plugin that is the app, as fastify-cli makes it: at the end of its body)',
  hono: 'after your app.use() middleware and before your own routes',
};

/** The edit to make by hand when the app cannot be found. */
export function manualMountStep(framework: Framework, options: MountRoutesOptions, problem: string): ManualStep {
  return {
    path: options.path,
    problem: `could not mount the auth routes: ${problem}`,
    instructions: [
      `In the file that creates your app (${APP_CREATION[framework].text}), add:`,
      `  import { ${options.exportName} } from '${options.specifier}';`,
      `and, ${MANUAL_PLACEMENT[framework]}:`,
      `  ${RULES[framework].mount('app', options.exportName, "'")};`,
    ].join('\n'),
  };
}
