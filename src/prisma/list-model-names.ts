/** The model names a (possibly multi-file) Prisma schema declares. */
import { parsePrismaSchema, type SchemaFile } from './parse-prisma-schema.js';

/** Every model name in the schema, in file order. */
export function listModelNames(files: readonly SchemaFile[]): string[] {
  return files.flatMap((file) =>
    parsePrismaSchema(file.content).ast.list.flatMap((block) => (block.type === 'model' ? [block.name] : [])),
  );
}
