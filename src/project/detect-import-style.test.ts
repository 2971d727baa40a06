import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { detectImportAlias, detectImportStyle } from './detect-import-style.js';
import { readTsconfig } from './read-tsconfig.js';

const AT = { prefix: '@/', dir: 'src' };
const TILDE = { prefix: '~/', dir: '.' };

describe('detectImportStyle', () => {
  it('follows the extension most relative imports use', () => {
    const sources = ["import { a } from './a.js';", "import b from '../b.js';", "import c from './c';"];
    expect(detectImportStyle(sources, 'esm', null)).toBe('.js');
    expect(detectImportStyle(["import a from './a.ts';"], 'esm', null)).toBe('.ts');
    expect(detectImportStyle(["const a = require('./a');"], 'commonjs', null)).toBe('');
  });

  it('falls back on what the settings require when no file shows a style', () => {
    const nodeNext = { path: 'tsconfig.json', module: 'NodeNext', moduleResolution: 'NodeNext', allowImportingTsExtensions: false, esModuleInterop: true, aliases: [], skipLibCheck: true };
    expect(detectImportStyle([], 'esm', nodeNext)).toBe('.js');
    expect(detectImportStyle([], 'esm', { ...nodeNext, module: 'ESNext', moduleResolution: 'Bundler' })).toBe('');
  });
});

describe('detectImportAlias', () => {
  it('takes the alias the project reaches its folders with', () => {
    const sources = ["import { db } from '@/db';", "import { x } from '@/lib/x';", "import y from '../y';"];
    expect(detectImportAlias(sources, [TILDE, AT])).toBe(AT);
  });

  it('is null when the project mostly climbs with ../, or has no alias', () => {
    const sources = ["import { db } from '@/db';", "import y from '../y';", "import z from '../../z';"];
    expect(detectImportAlias(sources, [AT])).toBeNull();
    expect(detectImportAlias(["import { db } from './db';"], [])).toBeNull();
  });

  it('is null when nothing imports through the alias, though tsconfig declares it', () => {
    expect(detectImportAlias(["import { db } from './db';"], [AT])).toBeNull();
  });
});

describe('readTsconfig aliases', () => {
  it('reads folder-wide paths against baseUrl, or the tsconfig folder without one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'create-auth-tsconfig-'));
    try {
      const paths = { '@/*': ['./src/*'], 'config': ['./config/index.ts'], '#lib/*': ['lib/*'] };
      writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { paths } }));
      expect(readTsconfig(dir)?.aliases).toEqual([
        { prefix: '@/', dir: 'src' },
        { prefix: '#lib/', dir: 'lib' },
      ]);
      // A comment and a trailing comma, as tsconfig files have them.
      writeFileSync(join(dir, 'tsconfig.json'), '{ "compilerOptions": { "baseUrl": "src", // ours\n "paths": { "~/*": ["*"], } } }');
      expect(readTsconfig(dir)?.aliases).toEqual([{ prefix: '~/', dir: 'src' }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
