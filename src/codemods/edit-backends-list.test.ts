import { describe, expect, it } from 'vitest';

import { addBackendEntry, readBackendsList, removeBackendEntry } from './edit-backends-list.js';

const generated = `import { jwtStrategy } from './strategies/jwt.js';
import { bearerTransport } from './transports/bearer.js';
import type { Backend } from './types.js';

/** Every backend, in the order they are tried. */
export const backends: Backend[] = [
  { name: 'bearer-jwt', transport: bearerTransport, strategy: jwtStrategy },
];
`;

const cookieRedis = {
  name: 'cookie-redis',
  transport: 'cookieTransport',
  strategy: 'redisStrategy',
  transportModule: './transports/cookie.js',
  strategyModule: './strategies/redis.js',
};

function text(result: { text: string } | { problem: string }): string {
  if ('problem' in result) throw new Error(result.problem);
  return result.text;
}

describe('addBackendEntry', () => {
  it('appends the entry and its imports', () => {
    const out = text(addBackendEntry(generated, cookieRedis));
    expect(out).toContain(
      `  { name: 'bearer-jwt', transport: bearerTransport, strategy: jwtStrategy },\n  { name: 'cookie-redis', transport: cookieTransport, strategy: redisStrategy }`,
    );
    expect(out).toContain(`import { cookieTransport } from './transports/cookie.js';`);
    expect(out).toContain(`import { redisStrategy } from './strategies/redis.js';`);
    expect(readBackendsList(out)).toEqual([
      { name: 'bearer-jwt', transport: 'bearerTransport', strategy: 'jwtStrategy' },
      { name: 'cookie-redis', transport: 'cookieTransport', strategy: 'redisStrategy' },
    ]);
  });

  it('changes nothing when run twice', () => {
    const once = text(addBackendEntry(generated, cookieRedis));
    expect(text(addBackendEntry(once, cookieRedis))).toBe(once);
  });

  it('keeps a reordered, commented, reformatted list as the owner wrote it', () => {
    const owned = `import { jwtStrategy } from "./strategies/jwt"
import { databaseStrategy } from "./strategies/database"
import { bearerTransport } from "./transports/bearer"
import { cookieTransport } from "./transports/cookie"

export const backends = [
    // Browsers first.
    {
        name: "web",
        transport: cookieTransport,
        strategy: databaseStrategy,
    },
    { name: "api", transport: bearerTransport, strategy: jwtStrategy }, // mobile app
] satisfies Backend[]
`;
    const out = text(addBackendEntry(owned, { ...cookieRedis, transportModule: './transports/cookie', strategyModule: './strategies/redis' }));
    expect(out).toContain('    // Browsers first.\n    {\n        name: "web",');
    expect(out).toContain('// mobile app');
    expect(out).toContain(`import { redisStrategy } from "./strategies/redis"\n`);
    expect(out).not.toContain(`import { cookieTransport } from "./transports/cookie"\nimport { cookieTransport }`);
    expect(readBackendsList(out).valueOf()).toEqual([
      { name: 'web', transport: 'cookieTransport', strategy: 'databaseStrategy' },
      { name: 'api', transport: 'bearerTransport', strategy: 'jwtStrategy' },
      { name: 'cookie-redis', transport: 'cookieTransport', strategy: 'redisStrategy' },
    ]);
  });

  it('indents the new entry with tabs in a tab-indented file that opens with a doc comment', () => {
    const tabbed = `/**
 * The backends.
 */
import { jwtStrategy } from "./strategies/jwt.js"
import { bearerTransport } from "./transports/bearer.js"

export const backends: Backend[] = [
\t{ name: "bearer-jwt", transport: bearerTransport, strategy: jwtStrategy },
]
`;
    const out = text(addBackendEntry(tabbed, cookieRedis));
    expect(out).toContain('\n\t{ name: "cookie-redis", transport: cookieTransport, strategy: redisStrategy },\n]');
  });

  it('says what is missing when there is no list to edit', () => {
    expect(addBackendEntry('export const other = 1;\n', cookieRedis)).toMatchObject({ problem: 'no `backends` variable' });
    const built = addBackendEntry('export const backends = makeBackends();\n', cookieRedis);
    expect(built).toMatchObject({ problem: '`backends` is not an array literal' });
    expect('manualEdit' in built && built.manualEdit).toContain(
      "{ name: 'cookie-redis', transport: cookieTransport, strategy: redisStrategy },",
    );
    expect('manualEdit' in built && built.manualEdit).toContain("import { redisStrategy } from './strategies/redis.js';");
  });
});

describe('removeBackendEntry', () => {
  const commented = `export const backends = [
  { name: 'a', transport: bearerTransport, strategy: jwtStrategy },
  { name: 'b', transport: bearerTransport, strategy: jwtStrategy }, // web
  // The API's own, kept last.
  {
    name: 'c',
    transport: bearerTransport,
    strategy: jwtStrategy,
  }, // api
];
`;

  it('keeps the comments on the neighbours’ lines, and takes the entry’s own', () => {
    expect(text(removeBackendEntry(commented, 'c'))).toBe(`export const backends = [
  { name: 'a', transport: bearerTransport, strategy: jwtStrategy },
  { name: 'b', transport: bearerTransport, strategy: jwtStrategy }, // web
];
`);
    expect(text(removeBackendEntry(commented, 'b'))).toContain(
      "strategy: jwtStrategy },\n  // The API's own, kept last.\n  {\n    name: 'c',",
    );
    expect(text(removeBackendEntry(commented, 'b'))).not.toContain('// web');
  });

  it('leaves no comma after the last entry when the owner wrote none', () => {
    const bare = commented.replace('  }, // api\n', '  } // api\n');
    expect(text(removeBackendEntry(bare, 'c'))).toContain("strategy: jwtStrategy } // web\n];");
  });

  it('removes from a list written on one line', () => {
    const oneLine = "export const backends = [{ name: 'a', transport: t, strategy: s }, { name: 'b', transport: t, strategy: s }];\n";
    expect(readBackendsList(text(removeBackendEntry(oneLine, 'a')))).toEqual([{ name: 'b', transport: 't', strategy: 's' }]);
  });

  it('removes the entry and the imports only it used', () => {
    const two = text(addBackendEntry(generated, cookieRedis));
    const out = text(removeBackendEntry(two, 'cookie-redis'));
    expect(out).toBe(generated);
  });

  it('keeps imports another entry still uses', () => {
    const two = text(addBackendEntry(generated, { ...cookieRedis, name: 'bearer-redis', transport: 'bearerTransport', transportModule: './transports/bearer.js' }));
    const out = text(removeBackendEntry(two, 'bearer-jwt'));
    expect(out).toContain(`import { bearerTransport } from './transports/bearer.js';`);
    expect(out).not.toContain('jwtStrategy');
    expect(readBackendsList(out)).toEqual([{ name: 'bearer-redis', transport: 'bearerTransport', strategy: 'redisStrategy' }]);
  });

  it('keeps the file’s doc comment and the comments above an import it removes', () => {
    const headed = `/**
 * The auth backends, tried in order.
 */
import { jwtStrategy } from './strategies/jwt.js';
// Sessions for the web app.
import { databaseStrategy } from './strategies/database.js';
import { bearerTransport } from './transports/bearer.js';

export const backends: Backend[] = [
  { name: 'bearer-jwt', transport: bearerTransport, strategy: jwtStrategy },
  { name: 'bearer-database', transport: bearerTransport, strategy: databaseStrategy },
];
`;
    const withoutJwt = text(removeBackendEntry(headed, 'bearer-jwt'));
    expect(withoutJwt).toBe(`/**
 * The auth backends, tried in order.
 */
// Sessions for the web app.
import { databaseStrategy } from './strategies/database.js';
import { bearerTransport } from './transports/bearer.js';

export const backends: Backend[] = [
  { name: 'bearer-database', transport: bearerTransport, strategy: databaseStrategy },
];
`);
    expect(text(removeBackendEntry(withoutJwt, 'bearer-database'))).toBe(`/**
 * The auth backends, tried in order.
 */
// Sessions for the web app.

export const backends: Backend[] = [
];
`);
  });

  it('changes nothing for a name that is not there', () => {
    expect(text(removeBackendEntry(generated, 'nope'))).toBe(generated);
  });
});
