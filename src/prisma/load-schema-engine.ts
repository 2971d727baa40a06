/**
 * Loading Prisma's schema engine, the WebAssembly build published on npm as
 * @prisma/schema-engine-wasm: the same Rust code as the `schema-engine`
 * binary the Prisma CLI downloads, so the SQL it computes and the
 * `_prisma_migrations` rows it writes are the ones `prisma migrate` would.
 *
 * How it is loaded, and why: the package's entry point does
 * `import * as wasm from "./schema_engine_bg.wasm"`, which Node 20 only
 * allows with `--experimental-wasm-modules`. Rather than make every user pass
 * a flag (or run the engine in a child process, which would need the flag,
 * an IPC protocol and a second copy of the driver adapters), this module does
 * what that entry point does by hand: it imports the package's JavaScript glue
 * (`schema_engine_bg.js`, a plain module exported by the package), compiles
 * the `.wasm` bytes with `WebAssembly.instantiate`, passing the glue as the
 * import object the module expects, and hands the instance back to the glue.
 * That is the documented wasm-bindgen "bundler" protocol, so it keeps working
 * as long as the package keeps that layout; the version is pinned in
 * package.json.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

import type { SchemaEngine } from '@prisma/schema-engine-wasm';

/** The engine class, as the package exports it. */
export type SchemaEngineClass = typeof SchemaEngine;

type Glue = typeof import('@prisma/schema-engine-wasm/schema_engine_bg');

interface PanicRegistry {
  set_message(message: string): void;
}

// The glue keeps the instance in a module variable, so one instance per process.
let loading: Promise<SchemaEngineClass> | undefined;
let lastPanic: string | undefined;

/** The SchemaEngine class, instantiating the WebAssembly module on first use. */
export function loadSchemaEngine(): Promise<SchemaEngineClass> {
  loading ??= instantiate();
  return loading;
}

/**
 * The message of the last Rust panic inside the engine. A panic surfaces in
 * JavaScript as a bare `RuntimeError: unreachable`; the message is what says
 * what went wrong.
 */
export function takeEnginePanic(): string | undefined {
  const message = lastPanic;
  lastPanic = undefined;
  return message;
}

async function instantiate(): Promise<SchemaEngineClass> {
  installPanicRegistry();
  // Resolved through create-auth's own dependencies, never the user's project.
  const gluePath = createRequire(import.meta.url).resolve(
    '@prisma/schema-engine-wasm/schema_engine_bg',
  );
  const glueUrl = pathToFileURL(gluePath);
  const glue = (await import(glueUrl.href)) as Glue;
  const bytes = await readFile(new URL('schema_engine_bg.wasm', glueUrl));
  const { instance } = await WebAssembly.instantiate(bytes, {
    './schema_engine_bg.js': glue as unknown as WebAssembly.ModuleImports,
  });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return glue.SchemaEngine;
}

/** The engine reports panics to this global before it aborts. */
function installPanicRegistry(): void {
  const global = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: PanicRegistry };
  global.PRISMA_WASM_PANIC_REGISTRY ??= {
    set_message(message: string) {
      lastPanic = message;
    },
  };
}
