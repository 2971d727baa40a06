import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

import { fixtureDepsDir, REPO_ROOT } from '../../test/support/fixture-deps.js';
import { loadSchemaEngine } from './load-schema-engine.js';

describe('loadSchemaEngine', () => {
  it('loads the engine once and reuses it', async () => {
    const first = await loadSchemaEngine();
    expect(await loadSchemaEngine()).toBe(first);
    expect(typeof first.new).toBe('function');
  });

  it('needs no --experimental-wasm-modules in a plain Node process', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'create-auth-wasm-'));
    const module = pathToFileURL(join(REPO_ROOT, 'src/prisma/load-schema-engine.ts')).href;
    const script = join(dir, 'load.mts');
    writeFileSync(
      script,
      `import { loadSchemaEngine } from ${JSON.stringify(module)};
const engine = await loadSchemaEngine();
console.log(JSON.stringify({ execArgv: process.execArgv, hasNew: typeof engine.new }));
`,
    );
    try {
      // tsx only strips types; it adds no WebAssembly flag.
      const tsx = join(await fixtureDepsDir(), 'node_modules/.bin/tsx');
      const { stdout } = await execa(tsx, [script], { env: { NODE_OPTIONS: '' } });
      const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
        execArgv: string[];
        hasNew: string;
      };
      expect(result.hasNew).toBe('function');
      expect(result.execArgv.join(' ')).not.toContain('wasm');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
