import { describe, expect, it } from 'vitest';

import { type BackendChoice, parseBackendList } from '../options.js';
import { reconcileBackendsList, reconciledOrder } from './reconcile-backends-list.js';

const web: BackendChoice = { name: 'web', transport: 'cookie', strategy: 'database' };
const names = (list: BackendChoice[]) => list.map((backend) => backend.name);

describe('reconciledOrder', () => {
  it('keeps an entry the owner renamed when its kind is asked for by its default name', () => {
    const current = [web, ...parseBackendList('bearer-jwt')];
    const wanted = parseBackendList('bearer-jwt,cookie-database,bearer-redis');
    expect(names(reconciledOrder(current, wanted))).toEqual(['web', 'bearer-jwt', 'bearer-redis']);
  });

  it('drops the renamed entry when the default-named one of its kind is there as well', () => {
    const current = [web, ...parseBackendList('cookie-database')];
    expect(names(reconciledOrder(current, parseBackendList('cookie-database')))).toEqual(['cookie-database']);
  });

  it('drops the renamed entry when its kind is not asked for', () => {
    expect(names(reconciledOrder([web, ...parseBackendList('bearer-jwt')], parseBackendList('bearer-jwt')))).toEqual(['bearer-jwt']);
  });
});

describe('reconcileBackendsList', () => {
  it('leaves the renamed entry and its comment in place while adding and removing others', () => {
    const text = `import { databaseStrategy } from './strategies/database.js';
import { jwtStrategy } from './strategies/jwt.js';
import { bearerTransport } from './transports/bearer.js';
import { cookieTransport } from './transports/cookie.js';

export const backends = [
  // Web app sessions first.
  { name: 'web', transport: cookieTransport, strategy: databaseStrategy },
  { name: 'bearer-jwt', transport: bearerTransport, strategy: jwtStrategy },
];
`;
    const current = [web, ...parseBackendList('bearer-jwt')];
    const edited = reconcileBackendsList(current, parseBackendList('cookie-database,bearer-redis'), '.js')(text);
    if (!('text' in edited)) throw new Error(edited.problem);
    expect(edited.text).toContain(`  // Web app sessions first.
  { name: 'web', transport: cookieTransport, strategy: databaseStrategy },
  { name: 'bearer-redis', transport: bearerTransport, strategy: redisStrategy },
];`);
    expect(edited.text).not.toContain('jwtStrategy');
  });
});
