/**
 * Codemods on the generated backends.ts: read the list as the owner left it, add
 * an entry at the end, remove one by name. The owner may have reordered, renamed,
 * reformatted or commented the list; every other entry and comment is kept.
 */
import {
  type ArrayLiteralExpression,
  Node,
  type ObjectLiteralExpression,
  type SourceFile,
  SyntaxKind,
} from 'ts-morph';

import { type CodeStyle, detectCodeStyle, parseForEdit } from './detect-code-style.js';

/** One entry of the list as written: its name and the identifiers it uses. */
export interface BackendEntry {
  name: string;
  transport: string;
  strategy: string;
}

/** An entry to add, with the modules its transport and strategy come from. */
export interface NewBackendEntry extends BackendEntry {
  transportModule: string;
  strategyModule: string;
}

/** The edited file, or what was missing and the edit to make by hand. */
export type EditResult = { text: string } | { problem: string; manualEdit?: string };

const LIST_NAME = 'backends';

/** The entries in the order they are tried, or a problem when the list cannot be read. */
export function readBackendsList(text: string): BackendEntry[] | { problem: string } {
  const list = findList(parseForEdit(text, 'backends.ts'));
  if ('problem' in list) return list;
  return list.getElements().flatMap((element) => {
    const entry = Node.isObjectLiteralExpression(element) ? readEntry(element) : null;
    return entry ? [entry] : [];
  });
}

/** Appends an entry (and its imports) unless an entry of that name is there already. */
export function addBackendEntry(text: string, entry: NewBackendEntry): EditResult {
  const file = parseForEdit(text, 'backends.ts');
  const list = findList(file);
  if ('problem' in list) return { ...list, manualEdit: manualAddition(entry) };
  const style = detectCodeStyle(file);
  const names = list.getElements().map((element) => entryName(element));
  if (!names.includes(entry.name)) {
    const trailingComma = hasTrailingComma(list);
    const quoted = `${style.quote}${entry.name}${style.quote}`;
    list.addElement(`{ name: ${quoted}, transport: ${entry.transport}, strategy: ${entry.strategy} }`, {
      useNewLines: true,
    });
    if (trailingComma) restoreTrailingComma(file, list);
  }
  ensureImport(file, entry.transport, entry.transportModule, style);
  ensureImport(file, entry.strategy, entry.strategyModule, style);
  return { text: file.getFullText() };
}

/** Removes the entry with that name, and imports nothing else uses any more. */
export function removeBackendEntry(text: string, name: string): EditResult {
  const file = parseForEdit(text, 'backends.ts');
  const list = findList(file);
  if ('problem' in list) {
    return { ...list, manualEdit: `Delete the backend named '${name}' from your list of backends.` };
  }
  const index = list.getElements().findIndex((element) => entryName(element) === name);
  if (index === -1) return { text };
  const lines = entryLines(text, list, index);
  if (lines) {
    // Cut the entry's own lines, so comments on its neighbours' lines stay with them.
    const edited = parseForEdit(text.slice(0, lines.start) + text.slice(lines.end), 'backends.ts');
    const editedList = findList(edited) as ArrayLiteralExpression;
    if (!hasTrailingComma(list)) dropTrailingComma(edited, editedList);
    return { text: withoutUnusedImports(edited) };
  }
  const trailingComma = hasTrailingComma(list);
  list.removeElement(index);
  if (trailingComma) restoreTrailingComma(file, list);
  return { text: withoutUnusedImports(file) };
}

/**
 * The text range of an entry that has lines of its own: the comment lines just
 * above it, its lines, and its comma and end-of-line comment. Null when the
 * entry shares a line with another (`[a, b]`); ts-morph removes those.
 */
function entryLines(text: string, list: ArrayLiteralExpression, index: number): { start: number; end: number } | null {
  const elements = list.getElements();
  const element = elements[index]!;
  const lineStart = text.lastIndexOf('\n', element.getStart() - 1) + 1;
  if (text.slice(lineStart, element.getStart()).trim() !== '') return null;
  const next = elements[index + 1];
  const rest = /^[ \t]*,?[ \t]*(\/\/[^\n]*)?(\n|$)/.exec(text.slice(element.getEnd()));
  if (!rest || !rest[2] || (next && next.getStart() < element.getEnd() + rest[0].length)) return null;
  let start = lineStart;
  // Own-line `//` comments directly above describe the entry, and go with it.
  for (;;) {
    const above = text.lastIndexOf('\n', start - 2) + 1;
    if (start === 0 || !/^[ \t]*\/\/[^\n]*\n$/.test(text.slice(above, start))) break;
    start = above;
  }
  return { start, end: element.getEnd() + rest[0].length };
}

function dropTrailingComma(file: SourceFile, list: ArrayLiteralExpression): void {
  const last = list.getElements().at(-1);
  const comma = last?.getNextSibling();
  if (comma?.getKind() === SyntaxKind.CommaToken) file.replaceText([comma.getStart(), comma.getEnd()], '');
}

// The owner's habit of a comma after the last entry survives our edits.
function hasTrailingComma(list: ArrayLiteralExpression): boolean {
  const last = list.getElements().at(-1);
  return last !== undefined && last.getNextSibling()?.getKind() === SyntaxKind.CommaToken;
}

function restoreTrailingComma(file: SourceFile, list: ArrayLiteralExpression): void {
  const last = list.getElements().at(-1);
  if (last && !hasTrailingComma(list)) file.insertText(last.getEnd(), ',');
}

function manualAddition(entry: NewBackendEntry): string {
  return [
    'Add this entry at the end of your list of backends:',
    `  { name: '${entry.name}', transport: ${entry.transport}, strategy: ${entry.strategy} },`,
    'with these imports:',
    `  import { ${entry.transport} } from '${entry.transportModule}';`,
    `  import { ${entry.strategy} } from '${entry.strategyModule}';`,
  ].join('\n');
}

function findList(file: SourceFile): ArrayLiteralExpression | { problem: string } {
  const declaration = file.getVariableDeclaration(LIST_NAME);
  if (!declaration) return { problem: `no \`${LIST_NAME}\` variable` };
  const initializer = unwrap(declaration.getInitializer());
  if (!initializer || !Node.isArrayLiteralExpression(initializer)) {
    return { problem: `\`${LIST_NAME}\` is not an array literal` };
  }
  return initializer;
}

// `[...] satisfies Backend[]`, `[...] as const`, `([...])`: the list is inside.
function unwrap(node: Node | undefined): Node | undefined {
  let current = node;
  while (
    current &&
    (Node.isSatisfiesExpression(current) || Node.isAsExpression(current) || Node.isParenthesizedExpression(current))
  ) {
    current = current.getExpression();
  }
  return current;
}

function entryName(element: Node): string | null {
  return Node.isObjectLiteralExpression(element) ? (readEntry(element)?.name ?? null) : null;
}

function readEntry(entry: ObjectLiteralExpression): BackendEntry | null {
  const value = (key: string) => {
    const property = entry.getProperty(key);
    if (Node.isShorthandPropertyAssignment(property)) return property.getName();
    if (!Node.isPropertyAssignment(property)) return null;
    const initializer = property.getInitializer();
    if (Node.isStringLiteral(initializer) || Node.isNoSubstitutionTemplateLiteral(initializer)) {
      return initializer.getLiteralText();
    }
    return initializer?.getText() ?? null;
  };
  const [name, transport, strategy] = [value('name'), value('transport'), value('strategy')];
  return name && transport && strategy ? { name, transport, strategy } : null;
}

function ensureImport(file: SourceFile, name: string, specifier: string, style: CodeStyle): void {
  const imported = file
    .getImportDeclarations()
    .some((declaration) => declaration.getNamedImports().some((named) => named.getName() === name));
  if (imported) return;
  const imports = file.getImportDeclarations();
  // Beside its siblings (./strategies/…, ./transports/…), else after the last import.
  const folder = specifier.slice(0, specifier.lastIndexOf('/') + 1);
  const sibling = imports.filter((declaration) => declaration.getModuleSpecifierValue().startsWith(folder)).at(-1);
  const anchor = sibling ?? imports.at(-1);
  const statement = `import { ${name} } from ${style.quote}${specifier}${style.quote}${style.semicolon}`;
  file.insertStatements(anchor ? anchor.getChildIndex() + 1 : 0, statement);
}

/** The file's text without the imports nothing uses any more. */
function withoutUnusedImports(file: SourceFile): string {
  const gapAfterImports = blankLineAfterImports(file);
  for (const declaration of file.getImportDeclarations()) {
    for (const named of declaration.getNamedImports()) {
      const uses = file
        .getDescendantsOfKind(SyntaxKind.Identifier)
        .filter((identifier) => identifier.getText() === named.getName() && !identifier.getFirstAncestorByKind(SyntaxKind.ImportDeclaration));
      if (uses.length === 0) named.remove();
    }
  }
  // Cut emptied imports from the text: ts-morph's remove() takes the comments
  // before them along, the file's doc comment with the first import.
  let text = file.getFullText();
  const emptied = file
    .getImportDeclarations()
    .filter((declaration) => declaration.getNamedImports().length === 0 && !declaration.getDefaultImport() && !declaration.getNamespaceImport());
  for (const declaration of emptied.reverse()) {
    const { start, end } = ownLines(text, declaration);
    text = text.slice(0, start) + text.slice(end);
  }
  // Removing the last import can take the blank line after it along; put it back.
  const edited = parseForEdit(text, 'backends.ts');
  const last = edited.getImportDeclarations().at(-1);
  if (gapAfterImports && last && !blankLineAfterImports(edited)) edited.insertText(last.getEnd(), '\n');
  return edited.getFullText();
}

/** A statement's text and the rest of its line; the whole line when nothing else is on it before. */
function ownLines(text: string, statement: Node): { start: number; end: number } {
  const lineEnd = /^[ \t]*(\r?\n|$)/.exec(text.slice(statement.getEnd()))?.[0].length ?? 0;
  const lineStart = text.lastIndexOf('\n', statement.getStart() - 1) + 1;
  const start = text.slice(lineStart, statement.getStart()).trim() === '' ? lineStart : statement.getStart();
  return { start, end: statement.getEnd() + lineEnd };
}

function blankLineAfterImports(file: SourceFile): boolean {
  const last = file.getImportDeclarations().at(-1);
  return last !== undefined && /^\r?\n\r?\n/.test(file.getFullText().slice(last.getEnd()));
}
