/** The owner's user model, when the schema has one: its id type and what registration must fill. */
import { findModel } from '../prisma/add-to-model.js';
import { fieldsOf, findAttribute } from '../prisma/auth-model-fields.js';
import type { SchemaFile } from '../prisma/parse-prisma-schema.js';
import { type CredentialFields, detectCredentialFields } from './detect-credential-fields.js';
import { detectRequiredUserFields, type RequiredUserField } from './detect-required-user-fields.js';

/** An existing user model, as the generated code needs to know it. */
export interface UserModelInfo {
  name: string;
  /** Its id field's type (`Int`, `String`, ...), or `composite id`. */
  idType: string;
  /** Required fields without a default, which registration must ask for. */
  requiredFields: RequiredUserField[];
  /** Credential columns of its own (`password`, ...), kept from clients. */
  credentials: CredentialFields;
}

/** The model called `name`, or null when the schema has none (create-auth then creates it). */
export function detectUserModel(files: readonly SchemaFile[], name: string): UserModelInfo | null {
  for (const file of files) {
    const model = findModel(file.content, name);
    if (!model) continue;
    const id = fieldsOf(model).find((field) => findAttribute(field, 'id'));
    const idType = typeof id?.fieldType === 'string' ? id.fieldType : 'composite id';
    return {
      name,
      idType,
      requiredFields: detectRequiredUserFields(files, name),
      credentials: detectCredentialFields(files, name),
    };
  }
  return null;
}
