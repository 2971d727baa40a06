/**
 * Splicing new fields and models into schema text. The owner's text is never
 * reprinted: the parser's token offsets say where a model's body ends, the new
 * lines are printed by @mrleebo/prisma-ast, and everything around them stays
 * byte for byte as it was (comments, blank lines, odd alignment included).
 */
import { printSchema } from '@mrleebo/prisma-ast';
import type { BlockAttribute, Comment, Field, Model } from '@mrleebo/prisma-ast';

import { fieldsOf } from './auth-model-fields.js';
import { parsePrismaSchema } from './parse-prisma-schema.js';
import type { SchemaToken } from './parse-prisma-schema.js';

/** The model named `name` in schema text, if there is one. */
export function findModel(text: string, name: string): Model | undefined {
  return parsePrismaSchema(text).ast.list.find(
    (block): block is Model => block.type === 'model' && block.name === name,
  );
}

/**
 * Adds fields (and `///` comments among them) after the model's last field,
 * and block attributes before its closing brace. The new field lines are
 * aligned as `prisma format` would align them together with the model's
 * existing fields.
 */
export function addToModel(
  text: string,
  modelName: string,
  fields: Array<Field | Comment>,
  blockAttributes: BlockAttribute[] = [],
): string {
  let result = text;
  if (fields.length > 0) result = insertFields(result, modelName, fields);
  if (blockAttributes.length > 0)
    result = insertBlockAttributes(result, modelName, blockAttributes);
  return result;
}

/** Appends a model at the end of the text, after one blank line. */
export function appendModel(text: string, model: Model): string {
  const nl = newlineOf(text);
  const printed = printSchema({ type: 'schema', list: [model] })
    .trim()
    .split('\n')
    .join(nl);
  if (text.trim() === '') return printed + nl;
  const ending = text.endsWith(nl) ? '' : nl;
  return `${text}${ending}${nl}${printed}${nl}`;
}

function insertFields(text: string, modelName: string, fields: Array<Field | Comment>): string {
  const { model, tokens, open, close } = locateModel(text, modelName);
  const existing = fieldsOf(model);
  const lines = printedFieldLines(model, existing, fields);
  const last = existing.at(-1)?.location?.startOffset;
  const nl = newlineOf(text);
  const anchor = last ?? tokens[open]!.startOffset;
  const indent = indentAt(text, last) ?? '  ';
  const lineEnd = endOfLine(tokens, tokenAt(tokens, anchor), close);
  const block = lines.map((line) => indent + line).join(nl);
  if (lineEnd === undefined) {
    // The model's last line also holds its closing brace: `model A { id Int @id }`.
    return splice(text, tokens[close]!.startOffset, `${nl}${block}${nl}`);
  }
  return splice(text, tokens[lineEnd]!.endOffset + 1, block + nl);
}

function insertBlockAttributes(text: string, modelName: string, attrs: BlockAttribute[]): string {
  const { model, tokens, close } = locateModel(text, modelName);
  const nl = newlineOf(text);
  const printed = printSchema({
    type: 'schema',
    list: [{ ...model, properties: attrs }],
  });
  const lines = bodyLines(printed).map((line) => line.trim());
  const indent = indentAt(text, fieldsOf(model)[0]?.location?.startOffset) ?? '  ';
  const closeOffset = tokens[close]!.startOffset;
  const lineStart = text.lastIndexOf('\n', closeOffset - 1) + 1;
  const braceOnOwnLine = text.slice(lineStart, closeOffset).trim() === '';
  const block = lines.map((line) => indent + line).join(nl) + nl;
  return braceOnOwnLine ? splice(text, lineStart, block) : splice(text, closeOffset, nl + block);
}

/** Prints the model's fields plus the new ones, and returns the new ones' lines, unindented. */
function printedFieldLines(
  model: Model,
  existing: Field[],
  added: Array<Field | Comment>,
): string[] {
  const printed = printSchema({
    type: 'schema',
    list: [{ ...model, properties: [...existing, ...added] }],
  });
  return bodyLines(printed)
    .slice(existing.length)
    .map((line) => line.trim());
}

/** The lines between `model X {` and `}` of a printed single-model schema. */
function bodyLines(printed: string): string[] {
  const lines = printed.trim().split('\n');
  return lines.slice(1, -1).filter((line) => line.trim() !== '');
}

interface ModelTokens {
  model: Model;
  tokens: SchemaToken[];
  /** Index of the model's `{` token. */
  open: number;
  /** Index of the matching `}` token. */
  close: number;
}

function locateModel(text: string, modelName: string): ModelTokens {
  const { ast, tokens } = parsePrismaSchema(text);
  const model = ast.list.find(
    (block): block is Model => block.type === 'model' && block.name === modelName,
  );
  if (!model?.location) throw new Error(`Model ${modelName} not found.`);
  const open = tokens.findIndex(
    (t) => t.type === 'LCurly' && t.startOffset > model.location!.startOffset,
  );
  return { model, tokens, open, close: matchingBrace(tokens, open) };
}

function matchingBrace(tokens: SchemaToken[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    if (tokens[i]!.type === 'LCurly') depth++;
    if (tokens[i]!.type === 'RCurly' && --depth === 0) return i;
  }
  throw new Error('Unbalanced braces in the Prisma schema.');
}

/**
 * The index of the line break that ends the declaration starting at token
 * `from`, or undefined when the model's closing brace comes first. Breaks
 * inside parentheses or brackets do not end a declaration.
 */
function endOfLine(tokens: SchemaToken[], from: number, close: number): number | undefined {
  let depth = 0;
  for (let i = from; i < close; i++) {
    const type = tokens[i]!.type;
    if (type === 'LRound' || type === 'LSquare') depth++;
    if (type === 'RRound' || type === 'RSquare') depth--;
    if (type === 'LineBreak' && depth <= 0) return i;
  }
  return undefined;
}

function tokenAt(tokens: SchemaToken[], offset: number): number {
  return tokens.findIndex((token) => token.startOffset === offset);
}

/** The whitespace before `offset` on its line, or undefined when there is other text. */
function indentAt(text: string, offset: number | undefined): string | undefined {
  if (offset === undefined) return undefined;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  return before.trim() === '' ? before : undefined;
}

/** The text's own line ending, so a CRLF file stays CRLF. */
function newlineOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

function splice(text: string, offset: number, insert: string): string {
  return text.slice(0, offset) + insert + text.slice(offset);
}
