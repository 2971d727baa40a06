/** Whether the schema already has a User model, and the type of its id. */
import { findModel } from '../prisma/add-to-model.js';
import { fieldsOf, findAttribute } from '../prisma/auth-model-fields.js';
import type { SchemaFile } from '../prisma/parse-prisma-schema.js';

/** The existing User model's id type (`Int`, `String`, ...), or null when there is no User. */
export function detectUserModel(files: readonly SchemaFile[], name = 'User'): string | null {
  for (const file of files) {
    const model = findModel(file.content, name);
    if (!model) continue;
    const id = fieldsOf(model).find((field) => findAttribute(field, 'id'));
    return typeof id?.fieldType === 'string' ? id.fieldType : 'composite id';
  }
  return null;
}
