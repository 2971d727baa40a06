import { describe, expect, it } from 'vitest';

import { fileChange } from './plan.js';
import { renderChangeDiff } from './show-plan.js';

describe('renderChangeDiff', () => {
  it('prints a git-style unified diff with both headers', () => {
    const diff = renderChangeDiff(fileChange('src/app.ts', 'a\nb\n', 'a\nc\n', 'codemod'));
    expect(diff.split('\n').slice(0, 3)).toEqual(['--- a/src/app.ts', '+++ b/src/app.ts', '@@ -1,2 +1,2 @@']);
    expect(diff).toContain('-b\n+c');
  });

  it('diffs a new file against /dev/null', () => {
    const diff = renderChangeDiff(fileChange('src/auth/config.ts', null, 'x\n', 'template'));
    expect(diff.split('\n').slice(0, 2)).toEqual(['--- /dev/null', '+++ b/src/auth/config.ts']);
  });

  it('hides the values of secrets in env files, and only there', () => {
    const before = 'DATABASE_URL="file:./dev.db"\nAUTH_JWT_SECRET=old-secret-value\n';
    const after = `${before}REDIS_URL=redis://127.0.0.1:6379\nAPI_KEY=k\nSTRIPE_PASSWORD=p\n`;
    const diff = renderChangeDiff(fileChange('.env', before, after, 'codemod'));
    expect(diff).toContain(' AUTH_JWT_SECRET=<hidden>');
    expect(diff).toContain('+API_KEY=<hidden>');
    expect(diff).toContain('+STRIPE_PASSWORD=<hidden>');
    expect(diff).toContain('+REDIS_URL=redis://127.0.0.1:6379');
    expect(diff).not.toMatch(/old-secret-value|=k$|=p$/m);
    const code = renderChangeDiff(fileChange('src/x.ts', '', 'const SECRET = 1;\n', 'template'));
    expect(code).toContain('+const SECRET = 1;');
  });

  it('hides the password in connection URLs, and keeps the rest of them readable', () => {
    const before = 'DATABASE_URL="postgresql://app:s3cret@db.internal:5432/app"\n';
    const after = `${before}REDIS_URL=redis://:r3dispw@cache:6379/0\nPLAIN_URL=redis://127.0.0.1:6379\n`;
    const diff = renderChangeDiff(fileChange('.env', before, after, 'codemod'));
    expect(diff).toContain(' DATABASE_URL="postgresql://app:<hidden>@db.internal:5432/app"');
    expect(diff).toContain('+REDIS_URL=redis://:<hidden>@cache:6379/0');
    expect(diff).toContain('+PLAIN_URL=redis://127.0.0.1:6379');
    expect(diff).not.toMatch(/s3cret|r3dispw/);
  });
});
