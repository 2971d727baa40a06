import { describe, expect, it } from 'vitest';

import { useTempTrees } from '../../test/support/temp-tree.js';
import { detectPrismaInstance } from './detect-prisma-instance.js';

const tree = useTempTrees('instance');
const detectIn = (files: Record<string, string>) => detectPrismaInstance(tree(files), Object.keys(files));

const IMPORT = "import { PrismaClient } from './generated/prisma/client.js';\n";

describe('detectPrismaInstance', () => {
  it('finds an exported `new PrismaClient()`, also behind a global fallback', () => {
    expect(detectIn({ 'db.ts': `${IMPORT}export const prisma = new PrismaClient();\n` })).toEqual({
      path: 'db.ts',
      exportName: 'prisma',
    });
    const cached = `${IMPORT}const g = globalThis as { db?: PrismaClient };\nconst db = g.db ?? new PrismaClient();\nexport { db };\n`;
    expect(detectIn({ 'client.ts': cached })).toEqual({ path: 'client.ts', exportName: 'db' });
  });

  it('finds a lazily created client behind a Proxy, made in a function of its own', () => {
    const lazy = `${IMPORT}let client: PrismaClient | undefined;
function getClient(): PrismaClient {
  client ??= new PrismaClient();
  return client;
}
export const prisma = new Proxy({} as PrismaClient, {
  get: (_target, property) => Reflect.get(getClient(), property),
});
`;
    expect(detectIn({ 'other.ts': 'export const x = 1;\n', 'prisma.ts': lazy })).toEqual({
      path: 'prisma.ts',
      exportName: 'prisma',
    });
  });

  it('finds an exported variable declared as a PrismaClient', () => {
    const typed = `${IMPORT}declare const make: () => PrismaClient;\nexport const database: PrismaClient = make();\n`;
    expect(detectIn({ 'db.ts': typed })).toEqual({ path: 'db.ts', exportName: 'database' });
  });

  it('takes no factory function, and no client that is not exported', () => {
    const factory = `${IMPORT}export const createClient = () => new PrismaClient();\n`;
    const local = `${IMPORT}const prisma = new PrismaClient();\nexport const count = () => prisma.user.count();\n`;
    expect(detectIn({ 'factory.ts': factory, 'local.ts': local })).toBeNull();
  });
});
