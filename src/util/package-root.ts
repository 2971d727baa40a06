/** The create-auth package's own folder (holding package.json and templates/). */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// This file is src/util/ in the sources and dist/util/ once built: two levels down either way.
export const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The create-auth version, from its own package.json. */
export const VERSION: string = JSON.parse(readFileSync(resolve(packageRoot, 'package.json'), 'utf8')).version;
