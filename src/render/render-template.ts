/**
 * Reads templates from the package's templates/ folder and renders them with
 * Handlebars: no HTML escaping (the output is code), and strict lookups, so a
 * template naming a value the renderer did not provide fails loudly.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import Handlebars from 'handlebars';

/**
 * The templates/ folder at the package root. This file lives in src/render when
 * tests run and in dist/render once built, two levels below the root either way.
 */
export const TEMPLATES_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));

// A private Handlebars environment: nothing registered globally leaks in.
const handlebars = Handlebars.create();
const compiled = new Map<string, HandlebarsTemplateDelegate>();

/** Renders `templates/<path>` (posix path) with the given values. */
export function renderTemplate(path: string, view: object): string {
  return compileTemplate(path)(view);
}

function compileTemplate(path: string): HandlebarsTemplateDelegate {
  const cached = compiled.get(path);
  if (cached) return cached;
  const source = readFileSync(join(TEMPLATES_DIR, path), 'utf8');
  const template = handlebars.compile(source, { noEscape: true, strict: true });
  compiled.set(path, template);
  return template;
}
