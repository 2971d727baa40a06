/**
 * The one option schema: every choice the CLI accepts, and the source the test
 * matrix is built from, so the two can never drift.
 */
import { UserError } from './util/user-error.js';

export const TRANSPORTS = ['bearer', 'cookie'] as const;
export const STRATEGIES = ['jwt', 'database', 'redis'] as const;
export const FRAMEWORKS = ['express', 'fastify', 'hono'] as const;
export const DATABASE_PROVIDERS = ['sqlite', 'postgresql', 'mysql'] as const;

export type Transport = (typeof TRANSPORTS)[number];
export type Strategy = (typeof STRATEGIES)[number];
export type Framework = (typeof FRAMEWORKS)[number];
export type DatabaseProvider = (typeof DATABASE_PROVIDERS)[number];

/** A backend: a name plus how the token travels and what the token is. */
export interface BackendChoice {
  name: string;
  transport: Transport;
  strategy: Strategy;
}

/** Every `<transport>-<strategy>` pair, in the order the prompts list them. */
export const BACKEND_KINDS: readonly BackendChoice[] = TRANSPORTS.flatMap((transport) =>
  STRATEGIES.map((strategy) => ({ name: `${transport}-${strategy}`, transport, strategy })),
);

/** The Prisma model that holds the users unless `--user-model` names another. */
export const DEFAULT_USER_MODEL = 'User';

/**
 * The property a Prisma client gives a model (`prisma.teamMember` for TeamMember):
 * the name with its first letter in lower case.
 */
export function clientPropertyOf(model: string): string {
  return model.charAt(0).toLowerCase() + model.slice(1);
}

/** The backends `init --yes` chooses when none are given. */
export const DEFAULT_BACKENDS = ['bearer-jwt', 'cookie-database'] as const;

/** What a backend may be called: it appears in its login and logout paths. */
export const BACKEND_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/** Parses `bearer-jwt` into a backend, or throws with the list of valid names. */
export function parseBackendName(name: string): BackendChoice {
  const found = BACKEND_KINDS.find((kind) => kind.name === name.trim());
  if (!found) {
    const valid = BACKEND_KINDS.map((kind) => kind.name).join(', ');
    throw new UserError(`Unknown backend "${name}". Use one of: ${valid}.`);
  }
  return { ...found };
}

/** Parses a comma-separated backend list, keeping its order and refusing repeats. */
export function parseBackendList(list: string): BackendChoice[] {
  const names = list.split(',').map((name) => name.trim()).filter(Boolean);
  if (names.length === 0) throw new UserError('Name at least one backend, for example bearer-jwt.');
  const repeated = names.find((name, index) => names.indexOf(name) !== index);
  if (repeated) throw new UserError(`Backend "${repeated}" is listed twice.`);
  return names.map(parseBackendName);
}

/** The strategies a list of backends needs, each once. */
export function strategiesOf(backends: readonly BackendChoice[]): Strategy[] {
  return STRATEGIES.filter((strategy) => backends.some((b) => b.strategy === strategy));
}

/** The transports a list of backends needs, each once. */
export function transportsOf(backends: readonly BackendChoice[]): Transport[] {
  return TRANSPORTS.filter((transport) => backends.some((b) => b.transport === transport));
}
