import { describe, expect, it } from 'vitest';

import { useTempTrees } from '../../test/support/temp-tree.js';
import { filesWithCookieNamed } from './detect-cookie-clash.js';

const project = useTempTrees('cookie');

describe('filesWithCookieNamed', () => {
  it('finds the project’s own cookie named "auth", and no mere /auth path', () => {
    const root = project({
      'src/lib/cookie.ts': 'export const AUTH_COOKIE_NAME = "auth";\nsetCookie(c, AUTH_COOKIE_NAME, token);\n',
      'src/app.ts': "app.use('/auth', router); // cookie-parser is set up below\n",
    });
    expect(filesWithCookieNamed(root, ['src/lib/cookie.ts', 'src/app.ts'], 'src/auth')).toEqual({
      name: 'auth',
      files: ['src/lib/cookie.ts'],
    });
  });

  it('follows a rename in the generated transport, and skips the auth folder', () => {
    const root = project({
      'src/auth/transports/cookie.ts': "export const cookieSettings = {\n  name: 'session',\n};\n",
      'src/lib/cookie.ts': 'res.cookie("auth", token);\n',
      'src/lib/session.ts': "res.cookie('session', id);\n",
    });
    const files = ['src/auth/transports/cookie.ts', 'src/lib/cookie.ts', 'src/lib/session.ts'];
    expect(filesWithCookieNamed(root, files, 'src/auth')).toEqual({ name: 'session', files: ['src/lib/session.ts'] });
  });
});
