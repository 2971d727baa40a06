import { describe, expect, it } from 'vitest';

import { sortTypeErrors, type TypecheckResult } from '../../project/typecheck-project.js';
import { labelOtherTypeErrors } from './label-type-errors.js';

// tsc's output on real projects (`tsc --noEmit --pretty false`).
// hono-ninja (Hono + Prisma 6.19, skipLibCheck on): three errors of the project's own,
// two of whose messages quote a path in node_modules.
const HONO_NINJA = `src/modules/images/image.repository.ts(4,34): error TS2694: Namespace '"/tmp/real/hono-ninja/node_modules/.prisma/client/default".Prisma' has no exported member 'ImageCreateInput'.
src/modules/images/image.repository.ts(15,5): error TS2353: Object literal may only specify known properties, and 'thumbhash' does not exist in type '(Without<ImageCreateInput, ImageUncheckedCreateInput> & ImageUncheckedCreateInput) | (Without<...> & ImageCreateInput)'.
src/modules/users/user.repository.ts(4,33): error TS2694: Namespace '"/tmp/real/hono-ninja/node_modules/.prisma/client/default".Prisma' has no exported member 'UserCreateInput'.
`;
// prisma-examples rest-fastify on Prisma 6.19 (CommonJS, no target, skipLibCheck off).
const REST_FASTIFY = `node_modules/@prisma/client/runtime/client.d.ts(73,5): error TS18028: Private identifiers are only available when targeting ECMAScript 2015 and higher.
node_modules/@prisma/client/runtime/client.d.ts(401,5): error TS18028: Private identifiers are only available when targeting ECMAScript 2015 and higher.
node_modules/@prisma/client/runtime/client.d.ts(2037,5): error TS18028: Private identifiers are only available when targeting ECMAScript 2015 and higher.
`;
const ADAPTER = `node_modules/@prisma/adapter-libsql/dist/index-node.d.ts(11,5): error TS18028: Private identifiers are only available when targeting ECMAScript 2015 and higher.`;

const AUTH_FILES = ['src/auth/config.ts', 'src/auth/hono.ts', 'src/app.ts', 'prisma/schema.prisma'];

/** What typecheckProject returns for this output. */
function checked(output: string, skipLibCheck: boolean, touched: string[] = AUTH_FILES): TypecheckResult {
  return { ran: true, skipLibCheck, ...sortTypeErrors(output, touched) };
}

const texts = (after: TypecheckResult, before: TypecheckResult | null) =>
  labelOtherTypeErrors(after, before).map((notice) => `${notice.level}: ${notice.text}`);

describe('labelOtherTypeErrors', () => {
  it('hono-ninja init: the project’s three errors were there before', () => {
    const before = checked(HONO_NINJA, true, []);
    expect(texts(checked(HONO_NINJA, true), before)).toEqual([
      'info:   3 type error(s) in your files were there before create-auth ran.',
    ]);
  });

  it('hono-ninja add-backend: the same three are in files create-auth did not touch, none in packages', () => {
    const notices = labelOtherTypeErrors(checked(HONO_NINJA, true), null);
    expect(notices).toEqual([
      { level: 'warn', text: '3 type error(s) in files create-auth did not touch (this command does not type-check before it writes, so it cannot tell new ones from old; npx tsc --noEmit lists them).', lines: [] },
    ]);
  });

  it('rest-fastify init: errors in Prisma’s declarations are the packages’, and skipLibCheck is off', () => {
    const before = checked(REST_FASTIFY, false, []);
    expect(texts(checked(REST_FASTIFY, false), before)).toEqual([
      'info:   3 type error(s) in the type declarations of installed packages were there before create-auth ran ' +
        '(tsconfig.json has skipLibCheck off, so tsc checks them).',
    ]);
  });

  it('rest-fastify add-backend: the same errors get the same label, listed', () => {
    const after = checked(`${REST_FASTIFY}${ADAPTER}\n`, false);
    expect(labelOtherTypeErrors(after, null)).toEqual([
      {
        level: 'warn',
        text: '4 type error(s) in the type declarations of installed packages (tsconfig.json has skipLibCheck off, so tsc checks them):',
        lines: [...REST_FASTIFY.trim().split('\n'), ADAPTER],
      },
    ]);
  });

  it('names skipLibCheck only when it is off', () => {
    // skipLibCheck skips .d.ts files, not the .ts sources some packages ship.
    const source = `node_modules/@acme/sdk/src/client.ts(20,7): error TS2322: Type 'string' is not assignable to type 'number'.`;
    expect(texts(checked(source, true), null)).toEqual([
      'warn: 1 type error(s) in the type declarations of installed packages:',
    ]);
  });

  it('init and add-backend tell apart the same files the same way', () => {
    const output = `${HONO_NINJA}${REST_FASTIFY}`;
    const init = labelOtherTypeErrors(checked(output, false), checked(output, false, []));
    const addBackend = labelOtherTypeErrors(checked(output, false), null);
    expect(init.map((notice) => notice.text)).toEqual([
      '  3 type error(s) in the type declarations of installed packages were there before create-auth ran ' +
        '(tsconfig.json has skipLibCheck off, so tsc checks them).',
      '  3 type error(s) in your files were there before create-auth ran.',
    ]);
    expect(addBackend.map((notice) => [notice.text, notice.lines.length])).toEqual([
      ['3 type error(s) in files create-auth did not touch (this command does not type-check before it writes, so it cannot tell new ones from old; npx tsc --noEmit lists them).', 0],
      ['3 type error(s) in the type declarations of installed packages (tsconfig.json has skipLibCheck off, so tsc checks them):', 3],
    ]);
  });

  it('lists a new error in the owner’s files, keeps a reworded old one as old', () => {
    const before = checked(HONO_NINJA, true, []);
    // The same error in the same place, reworded because a type changed.
    const reworded = HONO_NINJA.replace("'thumbhash' does not exist in type '(Without", "'thumbhash' does not exist in type '(Omit");
    const added = `src/modules/users/user.service.ts(18,11): error TS2741: Property 'hashedPassword' is missing in type '{ email: string; }' but required in type 'UserCreateInput'.`;
    const notices = labelOtherTypeErrors(checked(`${reworded}${added}\n`, true), before);
    expect(notices).toEqual([
      { level: 'warn', text: '1 new type error(s) in files create-auth did not touch, since this run began:', lines: [added] },
      { level: 'info', text: '  3 type error(s) in your files were there before create-auth ran.', lines: [] },
    ]);
  });

  it('says nothing about errors in files create-auth touched, and nothing on a clean run', () => {
    const auth = `src/auth/hono.ts(12,3): error TS2322: Type 'string' is not assignable to type 'number'.`;
    expect(labelOtherTypeErrors(checked(auth, true), null)).toEqual([]);
    expect(labelOtherTypeErrors(checked('', false), checked('', false, []))).toEqual([]);
  });

  it('treats a baseline taken without TypeScript as no baseline', () => {
    const none: TypecheckResult = { ran: false, skipLibCheck: true, ours: [], yours: [], packages: [] };
    expect(texts(checked(HONO_NINJA, true), none)).toEqual(['warn: 3 type error(s) in files create-auth did not touch (this command does not type-check before it writes, so it cannot tell new ones from old; npx tsc --noEmit lists them).']);
  });
});
