/**
 * The Prisma driver adapter the generated db.ts uses when the project has no
 * PrismaClient instance of its own, per database provider: which package, which
 * class, and the constructor argument built from `databaseUrl`.
 */
import type { DatabaseProvider } from '../options.js';

/** How the generated code constructs a driver adapter. */
export interface PrismaAdapter {
  package: string;
  className: string;
  /** TypeScript expression passed to the constructor; `databaseUrl` is in scope. */
  options: string;
}

/**
 * The adapter for a provider and the project's Prisma major version (Prisma 6
 * spelled the libSQL class `PrismaLibSQL`).
 */
export function prismaAdapter(provider: DatabaseProvider, prismaMajor = 7): PrismaAdapter {
  const adapter = PRISMA_ADAPTERS[provider];
  return prismaMajor <= 6 && provider === 'sqlite' ? { ...adapter, className: 'PrismaLibSQL' } : adapter;
}

/** One adapter per provider (as Prisma 7 names them). Versions live in auth-dependencies.ts. */
export const PRISMA_ADAPTERS: Record<DatabaseProvider, PrismaAdapter> = {
  sqlite: {
    package: '@prisma/adapter-libsql',
    className: 'PrismaLibSql',
    options: '{ url: databaseUrl }',
  },
  postgresql: {
    package: '@prisma/adapter-pg',
    className: 'PrismaPg',
    options: '{ connectionString: databaseUrl }',
  },
  // The adapter rewrites mysql:// URLs to the mariadb:// form its driver expects.
  mysql: {
    package: '@prisma/adapter-mariadb',
    className: 'PrismaMariaDb',
    options: 'databaseUrl',
  },
};
