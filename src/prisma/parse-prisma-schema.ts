/**
 * Parsing Prisma schema text with @mrleebo/prisma-ast, keeping what the
 * default parser throws away: where each block starts and the token stream,
 * so that edits can be spliced into the owner's text instead of reprinting
 * (and reformatting) the whole file.
 */
import { getSchema, PrismaParser, VisitorClassFactory } from '@mrleebo/prisma-ast';
import type { Schema } from '@mrleebo/prisma-ast';

/** One Prisma schema file: where it lives and what it holds. */
export interface SchemaFile {
  /** Absolute path (or a bare file name for text that has no file yet). */
  path: string;
  content: string;
}

/** The lexer's view of one token, as much of it as the splicing code needs. */
export interface SchemaToken {
  type: string;
  image: string;
  startOffset: number;
  endOffset: number;
}

/** A parsed schema: the AST (with locations) and the tokens it came from. */
export interface ParsedPrismaSchema {
  ast: Schema;
  tokens: SchemaToken[];
}

// One parser for the process: chevrotain parsers are expensive to build and
// are reset by every parse. Location tracking is what makes splicing possible.
const parser = new PrismaParser({ nodeLocationTracking: 'full' });
const visitor = new (VisitorClassFactory(parser))();

/**
 * Parses Prisma schema text. Throws with the file name when the text is not
 * valid Prisma syntax, since every caller would otherwise lose that context.
 */
export function parsePrismaSchema(text: string, fileName = 'schema.prisma'): ParsedPrismaSchema {
  let ast: Schema;
  try {
    ast = getSchema(text, { parser, visitor });
  } catch (error) {
    throw new Error(`Could not parse ${fileName}: ${(error as Error).message}`);
  }
  // After a parse chevrotain still holds the token vector it consumed.
  const tokens = parser.input.map((token) => ({
    type: token.tokenType.name,
    image: token.image,
    startOffset: token.startOffset,
    endOffset: token.endOffset ?? token.startOffset + token.image.length - 1,
  }));
  return { ast, tokens };
}
