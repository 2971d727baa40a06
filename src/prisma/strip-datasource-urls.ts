/**
 * Removing connection settings from a schema before it goes to the schema
 * engine. The engine create-auth bundles is Prisma 7's, which refuses `url`
 * in a datasource block (Prisma 7 reads it from prisma.config.ts), while
 * Prisma 5 and 6 projects still have one. The migration SQL never depends on
 * the URL, so the engine gets a copy without it; the owner's file is untouched.
 */
import { parsePrismaSchema } from './parse-prisma-schema.js';
import type { SchemaFile, SchemaToken } from './parse-prisma-schema.js';

const URL_KEYS = new Set(['url', 'directUrl', 'shadowDatabaseUrl']);

/** Copies of the files with `url`, `directUrl` and `shadowDatabaseUrl` lines removed. */
export function stripDatasourceUrls(files: readonly SchemaFile[]): SchemaFile[] {
  return files.map((file) => ({ ...file, content: stripFile(file.content) }));
}

function stripFile(text: string): string {
  const { tokens } = parsePrismaSchema(text);
  const ranges = urlAssignmentRanges(tokens);
  // Cut from the end so earlier offsets stay valid.
  return ranges.reduceRight(
    (result, [start, end]) => result.slice(0, start) + result.slice(end),
    text,
  );
}

/** [start, end) offsets of each URL assignment inside a datasource block, up to its line break. */
function urlAssignmentRanges(tokens: SchemaToken[]): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  let inDatasource = false;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.type === 'Identifier' && token.image === 'datasource') inDatasource = true;
    if (token.type === 'RCurly') inDatasource = false;
    const isKey = URL_KEYS.has(token.image) && tokens[i + 1]?.type === 'Equals';
    if (!inDatasource || token.type !== 'Identifier' || !isKey) continue;
    const lineBreak = tokens.findIndex(
      (t, j) => j > i && (t.type === 'LineBreak' || t.type === 'RCurly'),
    );
    const end = lineBreak === -1 ? token.endOffset + 1 : tokens[lineBreak]!.startOffset;
    ranges.push([token.startOffset, end]);
  }
  return ranges;
}
