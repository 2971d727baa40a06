/** Turning a datasource `provider` value into one of the providers create-auth supports. */
import type { DatabaseProvider } from '../options.js';
import { DATABASE_PROVIDERS } from '../options.js';
import { UserError } from '../util/user-error.js';

// Prisma accepts `postgres` as another spelling of `postgresql`.
const ALIASES: Record<string, DatabaseProvider> = { postgres: 'postgresql' };

/** The supported provider a datasource names, or a UserError listing the supported ones. */
export function normalizeProvider(raw: string): DatabaseProvider {
  const provider = ALIASES[raw] ?? raw;
  if ((DATABASE_PROVIDERS as readonly string[]).includes(provider)) {
    return provider as DatabaseProvider;
  }
  throw new UserError(
    `The datasource provider "${raw}" is not supported by create-auth.`,
    `create-auth works with ${DATABASE_PROVIDERS.join(', ')}.`,
  );
}
