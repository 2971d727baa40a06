/**
 * The questions `init` asks: transports, strategies, then which pairs become
 * backends. Each has a flag; without a TTY or with --yes nothing is asked.
 */
import { checkbox } from '@inquirer/prompts';

import {
  BACKEND_KINDS,
  type BackendChoice,
  DEFAULT_BACKENDS,
  parseBackendName,
  STRATEGIES,
  TRANSPORTS,
} from '../options.js';

const TRANSPORT_HELP = { bearer: 'Authorization: Bearer header', cookie: 'HttpOnly cookie' };
const STRATEGY_HELP = {
  jwt: 'signed, stateless token',
  database: 'opaque token, a row through Prisma',
  redis: 'opaque token, a key in Redis',
};

/** The default backends, in order. */
export function defaultBackends(): BackendChoice[] {
  return DEFAULT_BACKENDS.map(parseBackendName);
}

/**
 * Asks for transports, strategies and the pairs to use, in the order they are tried.
 * On a rerun `current` (the list in backends.ts) is preselected, and a kept kind
 * keeps the name the owner gave it and its place in the list.
 */
export async function askBackends(current: readonly BackendChoice[] | null = null): Promise<BackendChoice[]> {
  const selected = new Set<string>(current ? current.map(kindName) : DEFAULT_BACKENDS);
  const transports = await checkbox({
    message: 'Transports (how the token travels)',
    choices: TRANSPORTS.map((value) => ({ value, name: `${value} — ${TRANSPORT_HELP[value]}`, checked: true })),
    required: true,
  });
  const strategies = await checkbox({
    message: 'Strategies (what the token is)',
    choices: STRATEGIES.map((value) => ({
      value,
      name: `${value} — ${STRATEGY_HELP[value]}`,
      checked: current ? current.some((backend) => backend.strategy === value) : value !== 'redis',
    })),
    required: true,
  });
  const pairs = BACKEND_KINDS.filter(
    (kind) => transports.includes(kind.transport) && strategies.includes(kind.strategy),
  );
  const names = await checkbox({
    message: 'Backends (tried in this order; the first to find a user wins)',
    choices: pairs.map((kind) => ({ value: kind.name, checked: selected.has(kind.name) })),
    required: true,
  });
  const chosen = names.map((name) => current?.find((backend) => kindName(backend) === name) ?? parseBackendName(name));
  if (!current) return chosen;
  // A rerun keeps the order backends.ts has; new picks go after it.
  return [...current.filter((backend) => chosen.includes(backend)), ...chosen.filter((backend) => !current.includes(backend))];
}

function kindName(backend: BackendChoice): string {
  return `${backend.transport}-${backend.strategy}`;
}
