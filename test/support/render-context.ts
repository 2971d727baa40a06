/** A typical render context for tests: an ESM project on SQLite with its own Prisma instance. */
import { parseBackendList } from '../../src/options.js';
import type { RenderContext } from '../../src/render/render-auth.js';

/** The context, with the backends given as a list and any field overridden. */
export function sampleRenderContext(
  backends = 'bearer-jwt,cookie-database',
  overrides: Partial<Omit<RenderContext, 'prisma'>> & { prisma?: Partial<RenderContext['prisma']> } = {},
): RenderContext {
  const { prisma, ...rest } = overrides;
  return {
    backends: parseBackendList(backends),
    framework: 'express',
    importExtension: '.js',
    userIdType: 'Int',
    ...rest,
    prisma: {
      instanceSpecifier: '../db',
      instanceExport: 'prisma',
      clientSpecifier: '../generated/prisma/client',
      provider: 'sqlite',
      ...prisma,
    },
  };
}
