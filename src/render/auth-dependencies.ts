/**
 * The npm packages the generated auth code imports, with the exact versions
 * create-auth installs. This table is the only place those versions live; each was
 * checked to install and run on Node 20 without downloads outside npm.
 */
import type { DatabaseProvider, Framework, Strategy } from '../options.js';
import { PRISMA_ADAPTERS } from './prisma-adapters.js';
import type { RenderContext } from './render-auth.js';

type Needs = (context: RenderContext) => boolean;

/** One package the generated code may need, and when. */
export interface AuthPackage {
  name: string;
  version: string;
  /** Only needed to type-check (a devDependency). */
  dev: boolean;
  neededWhen: Needs;
}

const always: Needs = () => true;
const on =
  (framework: Framework): Needs =>
  (context) =>
    context.framework === framework;
const withStrategy =
  (strategy: Strategy): Needs =>
  (context) =>
    context.backends.some((backend) => backend.strategy === strategy);
// db.ts creates a PrismaClient only without a project instance, and needs a driver
// adapter for it unless the client runs on Prisma's native engine.
const creatingClientFor =
  (provider: DatabaseProvider): Needs =>
  ({ prisma }) =>
    prisma.instanceSpecifier === null && prisma.provider === provider && prisma.usesDriverAdapter !== false;

/** The Prisma version the adapter entries below belong to. */
export const PRISMA_VERSION = '7.10.0';

/** Every package the generated code may import. */
export const AUTH_PACKAGES: readonly AuthPackage[] = [
  { name: '@node-rs/argon2', version: '2.2.1', dev: false, neededWhen: always },
  { name: 'zod', version: '4.6.7', dev: false, neededWhen: always },
  { name: 'cookie-parser', version: '1.4.7', dev: false, neededWhen: on('express') },
  { name: '@types/cookie-parser', version: '1.4.10', dev: true, neededWhen: on('express') },
  { name: '@fastify/cookie', version: '11.1.5', dev: false, neededWhen: on('fastify') },
  { name: '@fastify/formbody', version: '9.0.1', dev: false, neededWhen: on('fastify') },
  { name: 'jsonwebtoken', version: '9.0.3', dev: false, neededWhen: withStrategy('jwt') },
  { name: '@types/jsonwebtoken', version: '9.0.10', dev: true, neededWhen: withStrategy('jwt') },
  { name: 'ioredis', version: '5.11.1', dev: false, neededWhen: withStrategy('redis') },
  ...Object.entries(PRISMA_ADAPTERS).map(([provider, adapter]) => ({
    name: adapter.package,
    version: PRISMA_VERSION,
    dev: false,
    neededWhen: creatingClientFor(provider as DatabaseProvider),
  })),
];

/** Options for authDependencies. */
export interface AuthDependencyOptions {
  /**
   * The project's exact @prisma/client version. Driver adapters must match it, so it
   * replaces PRISMA_VERSION for them when given.
   */
  prismaClientVersion?: string;
}

/** The packages (name → exact version) the auth code rendered for this context imports. */
export function authDependencies(
  context: RenderContext,
  options: AuthDependencyOptions = {},
): { dependencies: Record<string, string>; devDependencies: Record<string, string> } {
  const needed = AUTH_PACKAGES.filter((entry) => entry.neededWhen(context));
  const versionOf = (entry: AuthPackage) =>
    entry.name.startsWith('@prisma/adapter-') && options.prismaClientVersion
      ? options.prismaClientVersion
      : entry.version;
  const pick = (dev: boolean) =>
    Object.fromEntries(
      needed.filter((entry) => entry.dev === dev).map((entry) => [entry.name, versionOf(entry)]),
    );
  return { dependencies: pick(false), devDependencies: pick(true) };
}
