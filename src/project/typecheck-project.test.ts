import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { REPO_ROOT } from '../../test/support/fixture-deps.js';
import { useTempTrees } from '../../test/support/temp-tree.js';
import { sortTypeErrors, typecheckProject } from './typecheck-project.js';

// tsc's output on real projects (`tsc --noEmit --pretty false`).
// hono-ninja (Prisma 6.19, skipLibCheck on): the project's own errors, whose messages quote node_modules.
const HONO_NINJA = [
  `src/modules/images/image.repository.ts(4,34): error TS2694: Namespace '"/tmp/real/hono-ninja/node_modules/.prisma/client/default".Prisma' has no exported member 'ImageCreateInput'.`,
  `src/modules/images/image.repository.ts(15,5): error TS2353: Object literal may only specify known properties, and 'thumbhash' does not exist in type '(Without<ImageCreateInput, ImageUncheckedCreateInput> & ImageUncheckedCreateInput) | (Without<...> & ImageCreateInput)'.`,
  `src/modules/users/user.repository.ts(4,33): error TS2694: Namespace '"/tmp/real/hono-ninja/node_modules/.prisma/client/default".Prisma' has no exported member 'UserCreateInput'.`,
];
// prisma-examples rest-fastify on Prisma 6.19 (no target, skipLibCheck off): errors in Prisma's declarations.
const REST_FASTIFY = [
  'node_modules/@prisma/client/runtime/client.d.ts(73,5): error TS18028: Private identifiers are only available when targeting ECMAScript 2015 and higher.',
  'node_modules/@prisma/client/runtime/client.d.ts(401,5): error TS18028: Private identifiers are only available when targeting ECMAScript 2015 and higher.',
  'node_modules/@prisma/client/runtime/client.d.ts(2037,5): error TS18028: Private identifiers are only available when targeting ECMAScript 2015 and higher.',
];

describe('sortTypeErrors', () => {
  it('keeps errors in the project’s own files the owner’s, even when the message names node_modules', () => {
    expect(sortTypeErrors(HONO_NINJA.join('\n'), [])).toEqual({ ours: [], yours: HONO_NINJA, packages: [] });
  });

  it('puts errors located under node_modules in the packages’ declarations', () => {
    expect(sortTypeErrors(`${REST_FASTIFY.join('\n')}\n`, [])).toEqual({ ours: [], yours: [], packages: REST_FASTIFY });
  });

  it('gives errors in files create-auth touched to create-auth, by path', () => {
    const auth = `src/auth/db.ts(3,10): error TS2305: Module '"../db/index"' has no exported member 'db'.`;
    const sorted = sortTypeErrors([auth, ...HONO_NINJA].join('\n'), ['src/auth/db.ts', 'src/app.ts']);
    expect(sorted).toEqual({ ours: [auth], yours: HONO_NINJA, packages: [] });
  });

  it('reads Windows paths and CRLF output, and skips the indented lines of a message chain', () => {
    const output = [
      `src\\auth\\hono.ts(12,3): error TS2322: Type 'string' is not assignable to type 'number'.`,
      `node_modules\\hono\\dist\\types\\context.d.ts(9,1): error TS2304: Cannot find name 'Response'.`,
      `src\\index.ts(5,7): error TS2322: Type '{ a: string; }' is not assignable to type 'Options'.`,
      `  Object literal may only specify known properties, and 'a' does not exist in type 'Options'.`,
      'Found 3 errors in 3 files.',
    ].join('\r\n');
    const sorted = sortTypeErrors(output, ['src/auth/hono.ts']);
    expect([sorted.ours.length, sorted.yours.length, sorted.packages.length]).toEqual([1, 1, 1]);
    expect(sorted.yours[0]).toMatch(/^src\\index\.ts\(5,7\)/);
  });

  it('treats declarations outside the project’s folder as packages’, its own .d.ts and sibling sources as the owner’s', () => {
    const outsideDeclarations = [
      `../../node_modules/@types/node/globals.d.ts(80,13): error TS2403: Subsequent variable declarations must have the same type.`,
      `../../usr/lib/typescript/lib/lib.dom.d.ts(2,1): error TS6200: Definitions of the following identifiers conflict with those in another file: Request`,
      `../shared-types/index.d.ts(4,3): error TS2304: Cannot find name 'Foo'.`,
    ];
    const own = [
      `src/types/env.d.ts(2,18): error TS2304: Cannot find name 'ImportMetaEnv'.`,
      `src/db/prisma/client/index.d.ts(10,1): error TS2300: Duplicate identifier 'Prisma'.`,
      `../shared/src/format.ts(7,9): error TS2345: Argument of type 'string' is not assignable to parameter of type 'number'.`,
    ];
    const sorted = sortTypeErrors([...outsideDeclarations, ...own].join('\n'), []);
    expect(sorted).toEqual({ ours: [], yours: own, packages: outsideDeclarations });
  });

  it('finds nothing in a clean run or in errors without a file', () => {
    expect(sortTypeErrors('', [])).toEqual({ ours: [], yours: [], packages: [] });
    const noFile = "error TS5023: Unknown compiler option 'foo'.\nerror TS18003: No inputs were found in config file.";
    expect(sortTypeErrors(noFile, [])).toEqual({ ours: [], yours: [], packages: [] });
  });
});

describe('typecheckProject', () => {
  const tree = useTempTrees('typecheck');

  // A project whose own file has an error quoting node_modules, and a package whose
  // declarations have one; skipLibCheck comes from the config the tsconfig extends.
  function projectWith(skipLibCheck: boolean): string {
    const root = tree({
      'tsconfig.base.json': JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', module: 'commonjs', skipLibCheck } }),
      'tsconfig.json': JSON.stringify({ extends: './tsconfig.base.json', include: ['src'] }),
      'node_modules/broken-types/package.json': JSON.stringify({ name: 'broken-types', types: 'index.d.ts' }),
      'node_modules/broken-types/index.d.ts': 'export declare const value: MissingType;\n',
      'src/index.ts': "import * as pkg from 'broken-types';\n\nexport type Thing = pkg.Absent;\n",
      'src/auth/config.ts': 'export const port: number = "3000";\n',
    });
    mkdirSync(join(root, 'node_modules/.bin'));
    symlinkSync(join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), join(root, 'node_modules/.bin/tsc'));
    return root;
  }

  it('sorts a real run by file and reads skipLibCheck through extends (on)', async () => {
    const result = await typecheckProject(projectWith(true), ['src/auth/config.ts']);
    expect(result).toMatchObject({ ran: true, skipLibCheck: true, packages: [] });
    expect(result.ours).toEqual([expect.stringMatching(/^src\/auth\/config\.ts\(1,14\): error TS2322:/)]);
    // The message names node_modules/broken-types/index, the file is the project's.
    expect(result.yours).toEqual([expect.stringMatching(/^src\/index\.ts\(3,25\): error TS2694: .*node_modules\/broken-types\/index/)]);
  });

  it('sorts a real run by file and reads skipLibCheck through extends (off)', async () => {
    const result = await typecheckProject(projectWith(false), []);
    expect(result).toMatchObject({ ran: true, skipLibCheck: false, ours: [] });
    expect(result.yours).toHaveLength(2);
    expect(result.packages).toEqual([expect.stringMatching(/^node_modules\/broken-types\/index\.d\.ts\(1,29\): error TS2304:/)]);
  });

  it('does not run without a local TypeScript', async () => {
    const root = tree({ 'tsconfig.json': '{}' });
    expect(await typecheckProject(root, [])).toEqual({ ran: false, skipLibCheck: false, ours: [], yours: [], packages: [] });
  });
});
