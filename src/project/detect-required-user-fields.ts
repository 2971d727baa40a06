/**
 * The fields of an existing User model that registration must fill: required,
 * no default, not set by the database or by create-auth. Each becomes a required
 * entry of `userFields` in the generated schemas.ts, so a registration without it
 * is a 422 rather than a database error.
 */
import type { Enum } from '@mrleebo/prisma-ast';

import { findModel } from '../prisma/add-to-model.js';
import { fieldsOf, findAttribute } from '../prisma/auth-model-fields.js';
import { listModelNames } from '../prisma/list-model-names.js';
import { isCredentialName } from './detect-credential-fields.js';
import { parsePrismaSchema, type SchemaFile } from '../prisma/parse-prisma-schema.js';

/** A required User field and how the request body checks it (a zod expression). */
export interface RequiredUserField {
  name: string;
  /** The zod schema as code, e.g. `text` (a string UTF-8 can carry); null when a JSON body cannot carry the type. */
  zod: string | null;
  /** The Prisma type, for messages. */
  type: string;
}

// Set by create-auth itself, or by the server.
const AUTH_FIELDS = new Set(['email', 'hashedPassword', 'isActive', 'isSuperuser', 'isVerified']);

const ZOD_BY_TYPE: Record<string, string> = {
  String: 'text',
  Int: 'z.number().int()',
  Float: 'z.number()',
  Boolean: 'z.boolean()',
  DateTime: 'z.coerce.date()',
};

/** The required fields registration must fill, in the model's order. */
export function detectRequiredUserFields(files: readonly SchemaFile[], name: string): RequiredUserField[] {
  const enums = enumValues(files);
  for (const file of files) {
    const model = findModel(file.content, name);
    if (!model) continue;
    const models = new Set(listModelNames(files));
    return fieldsOf(model)
      .filter((field) => typeof field.fieldType === 'string' && !models.has(field.fieldType))
      .filter((field) => !field.optional && !field.array && !AUTH_FIELDS.has(field.name))
      // Credentials never come from a request body (see detect-credential-fields.ts).
      .filter((field) => !isCredentialName(field.name))
      .filter((field) => !['id', 'default', 'updatedAt'].some((attribute) => findAttribute(field, attribute)))
      .map((field) => {
        const type = field.fieldType as string;
        const values = enums.get(type);
        const zod = values ? `z.enum([${values.map((value) => `'${value}'`).join(', ')}])` : (ZOD_BY_TYPE[type] ?? null);
        return { name: field.name, type, zod };
      });
  }
  return [];
}

function enumValues(files: readonly SchemaFile[]): Map<string, string[]> {
  const enums = new Map<string, string[]>();
  for (const file of files) {
    for (const block of parsePrismaSchema(file.content).ast.list) {
      if (block.type !== 'enum') continue;
      const values = (block as Enum).enumerators.flatMap((entry) => (entry.type === 'enumerator' ? [entry.name] : []));
      enums.set(block.name, values);
    }
  }
  return enums;
}
