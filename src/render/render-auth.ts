/**
 * Renders the auth code a project receives: one file per template under
 * templates/auth, picked by the chosen backends and framework, with import paths
 * and names filled in. Paths are relative to the auth folder (default src/auth).
 */
import {
  BACKEND_KINDS,
  BACKEND_NAME,
  clientPropertyOf,
  DEFAULT_USER_MODEL,
  strategiesOf,
  transportsOf,
  type BackendChoice,
  type DatabaseProvider,
  type Framework,
  type Strategy,
  type Transport,
} from '../options.js';
import { prismaAdapter } from './prisma-adapters.js';
import { renderTemplate } from './render-template.js';

/** Everything the auth templates depend on. */
export interface RenderContext {
  /** From src/options.ts, in the order they are tried. */
  backends: BackendChoice[];
  framework: Framework;
  /** Appended to every relative import in generated code: '.js' for NodeNext ESM, often '' otherwise. */
  importExtension: '' | '.js' | '.ts';
  /** Type of the existing or created User.id in Prisma. */
  userIdType: 'Int' | 'String';
  /** The Prisma model that holds the users; `User` when not given. */
  userModel?: string;
  /**
   * Required fields of the owner's User model that registration must fill, with the
   * zod schema (as code) that checks each; rendered into `userFields`.
   */
  userFields?: { name: string; zod: string }[];
  /** Credential fields the owner's user model already has, left out of every returned user. */
  hiddenUserFields?: string[];
  /** Required password columns of the owner's model, written with the same hash. */
  passwordColumns?: string[];
  prisma: {
    /**
     * Import specifier of the project's existing exported PrismaClient instance from the
     * auth folder root: relative without extension (e.g. '../db'; the import extension is
     * added), or through a tsconfig alias as written (e.g. '@/db'); null when there is none.
     */
    instanceSpecifier: string | null;
    /** The exported name of that instance, e.g. 'prisma' or 'db'. */
    instanceExport: string;
    /**
     * Import specifier of the generated Prisma client module, in the same form (e.g.
     * '../generated/prisma/client' or '@/generated/prisma/client.js'), or '@prisma/client'.
     */
    clientSpecifier: string;
    provider: DatabaseProvider;
    /**
     * Whether a client db.ts creates goes through a driver adapter (default true). False
     * for Prisma 5/6's `prisma-client-js` on its native engine, which reads the url itself.
     */
    usesDriverAdapter?: boolean;
    /** The project's Prisma major version (default 7); adapter class names differ in 6. */
    majorVersion?: number;
    /**
     * The variable Prisma reads the database URL from, as the schema's datasource or
     * prisma.config.ts names it (default DATABASE_URL); null when it is written there
     * literally. A client on the native engine checks it; a driver adapter reads it.
     */
    urlVariable?: string | null;
  };
}

/** One generated file. */
export interface RenderedFile {
  /** Relative to the auth folder, posix separators. */
  path: string;
  content: string;
}

/** The name a transport is exported under in generated code, e.g. `bearerTransport`. */
export function transportExportName(transport: Transport): string {
  return `${transport}Transport`;
}

/** The name a strategy is exported under in generated code, e.g. `jwtStrategy`. */
export function strategyExportName(strategy: Strategy): string {
  return `${strategy}Strategy`;
}

/** Renders every auth file for the context, or throws saying which value is invalid. */
export function renderAuthFiles(context: RenderContext): RenderedFile[] {
  assertRenderable(context);
  const view = templateView(context);
  return authFilePaths(context).map((path) => ({
    path,
    content: renderTemplate(`auth/${path}.hbs`, view),
  }));
}

// Files every project gets, whatever its backends.
const CORE_FILES = [
  'types.ts',
  'db.ts',
  'config.ts',
  'errors.ts',
  'password.ts',
  'hooks.ts',
  'schemas.ts',
  'user-manager.ts',
  'authenticator.ts',
  'backends.ts',
];

const OPAQUE_TOKEN_STRATEGIES: readonly Strategy[] = ['database', 'redis'];

/** The paths renderAuthFiles writes for these backends and framework, in its order. */
export function authFilePaths(context: Pick<RenderContext, 'backends' | 'framework'>): string[] {
  const strategies = strategiesOf(context.backends);
  const opaque = strategies.some((strategy) => OPAQUE_TOKEN_STRATEGIES.includes(strategy));
  return [
    ...CORE_FILES,
    `${context.framework}.ts`,
    ...transportsOf(context.backends).map((transport) => `transports/${transport}.ts`),
    ...strategies.map((strategy) => `strategies/${strategy}.ts`),
    ...(opaque ? ['strategies/opaque-token.ts'] : []),
  ];
}

function templateView(context: RenderContext) {
  const { backends, importExtension: ext, prisma } = context;
  const strategies = strategiesOf(backends);
  const transports = transportsOf(backends);
  return {
    ext,
    clientImport: withExtension(prisma.clientSpecifier, ext),
    instanceImport: prisma.instanceSpecifier && withExtension(prisma.instanceSpecifier, ext),
    instanceExportClause: exportedAsPrisma(prisma.instanceExport),
    adapter: prisma.usesDriverAdapter === false ? null : prismaAdapter(prisma.provider, prisma.majorVersion),
    // The native engine reads a literal URL itself; an adapter needs one from the environment.
    urlVariable: prisma.urlVariable === undefined ? 'DATABASE_URL' : prisma.urlVariable,
    adapterUrlVariable: prisma.urlVariable ?? 'DATABASE_URL',
    intIds: context.userIdType === 'Int',
    userModel: userModelView(context.userModel ?? DEFAULT_USER_MODEL),
    userFields: context.userFields ?? [],
    privateFields: ['hashedPassword', ...(context.hiddenUserFields ?? [])],
    passwordColumns: context.passwordColumns ?? [],
    transports: transports.map((kind) => ({ kind, exportName: transportExportName(kind) })),
    strategies: strategies.map((kind) => ({ kind, exportName: strategyExportName(kind) })),
    backends: backends.map((backend) => ({
      name: backend.name,
      transportExport: transportExportName(backend.transport),
      strategyExport: strategyExportName(backend.strategy),
    })),
  };
}

// The generated code calls the model `User` whatever its name in the schema.
function userModelView(name: string) {
  return {
    name,
    typeExport: name === 'User' ? 'User' : `${name} as User`,
    delegate: clientPropertyOf(name),
  };
}

// Only relative specifiers get the extension; package names resolve without one.
function withExtension(specifier: string, ext: string): string {
  return specifier.startsWith('./') || specifier.startsWith('../') ? specifier + ext : specifier;
}

function exportedAsPrisma(exportName: string): string {
  return exportName === 'prisma' ? 'prisma' : `${exportName} as prisma`;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SPECIFIER = /^[^'"`\\\s]+$/;

function assertRenderable(context: RenderContext): void {
  const { backends, prisma } = context;
  if (backends.length === 0) fail('backends', 'is empty; choose at least one backend');
  backends.forEach(assertKnownBackend);
  const names = backends.map((backend) => backend.name);
  const repeated = names.find((name, index) => names.indexOf(name) !== index);
  if (repeated) fail('backends', `name "${repeated}" twice; backend names must be unique`);
  if (!['', '.js', '.ts'].includes(context.importExtension)) {
    fail('importExtension', `is "${context.importExtension}"; use '', '.js' or '.ts'`);
  }
  for (const field of [...(context.hiddenUserFields ?? []), ...(context.userFields ?? []).map((f) => f.name)]) {
    if (!IDENTIFIER.test(field)) fail('user fields', `"${field}" is not an identifier`);
  }
  if (context.userModel !== undefined && !IDENTIFIER.test(context.userModel)) {
    fail('userModel', `"${context.userModel}" is not a model name`);
  }
  if (prisma.urlVariable && !ENV_NAME.test(prisma.urlVariable)) {
    fail('prisma.urlVariable', `"${prisma.urlVariable}" is not a variable name`);
  }
  if (!IDENTIFIER.test(prisma.instanceExport)) {
    fail('prisma.instanceExport', `"${prisma.instanceExport}" is not an identifier`);
  }
  for (const specifier of [prisma.clientSpecifier, prisma.instanceSpecifier ?? 'none']) {
    if (!SPECIFIER.test(specifier)) fail('prisma', `import specifier "${specifier}" is invalid`);
  }
}

function assertKnownBackend(backend: BackendChoice): void {
  if (!BACKEND_NAME.test(backend.name)) {
    fail('backends', `name "${backend.name}" must be letters, digits, "-" or "_"`);
  }
  const known = BACKEND_KINDS.some(
    (kind) => kind.transport === backend.transport && kind.strategy === backend.strategy,
  );
  if (!known) fail('backends', `"${backend.name}" pairs an unknown transport or strategy`);
}

function fail(field: string, problem: string): never {
  throw new Error(`Cannot render the auth code: ${field} ${problem}.`);
}
